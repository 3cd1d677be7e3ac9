// Locations the tests need: the repo root and the shared spec folder beside it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const contractFile = path.join(sharedDir, 'contract/swagger.json');
export const coreFixtures = path.join(sharedDir, 'fixtures/core');
