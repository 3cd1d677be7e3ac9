import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served by the engine at /ui/ and loaded by Electron from the same build.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
});
