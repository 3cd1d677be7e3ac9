// Electron entry: loads Electron at run time and hands its objects to main/desktop, which runs the engine in-process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDesktopApp, type DesktopElectron } from './desktop/main.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const electron = (await import('electron' as string)) as unknown as DesktopElectron & { app: { isPackaged: boolean } };
  const distDir = path.resolve(here, '..');
  // Packaged: resources/ sits next to app.asar (extraResources); in development it is the repo's resources/.
  const resourcesDir = electron.app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.resolve(distDir, '..', 'resources');
  await startDesktopApp(electron, {
    distDir,
    resourcesDir,
    env: process.env,
    hidden: process.argv.includes('--hidden'),
    proc: process,
  });
}

void main().catch((error: unknown) => {
  console.error('the desktop app failed to start', error);
  process.exit(1);
});
