// ESLint: TypeScript rules everywhere, plus the layering rule that keeps Electron out of the engine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // bench/load holds verbatim copies of the judge's load generators.
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'test/e2e/screenshots/**', 'bench/load/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read arbitrary JSON bodies from the API; typing each one would only restate the contract.
    files: ['test/**/*.ts', 'bench/**/*'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // main/core is the plain-Node engine: it must run headless, so it may never import Electron.
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'main/core runs headless in plain Node: Electron belongs in main/desktop/.' }],
          patterns: [{ group: ['electron/*', '**/desktop/**'], message: 'main/core must not depend on Electron or main/desktop.' }],
        },
      ],
    },
  },
);
