// Core's own HTTP handler tests (../shared/fixtures/core/http): same bodies, same steps, same status codes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { coreFixtures, repoRoot } from '../helpers/paths.js';

const dir = path.join(coreFixtures, 'http');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
const expected = fixture('expected-status.json') as {
  process_tests: Array<{ test: string; steps: Array<{ method: string; route: string; body?: string; status: number; response_validates_as?: string }> }>;
};

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');

/** The fixture describes some bodies in words; build them the way the Go test does. */
function bodyFor(description: string | undefined): unknown {
  if (!description) return undefined;
  const base = fixture(description.split(' ')[0]!);
  if (description.includes('output[0].address set to ""')) base.output[0].address = '';
  if (description.includes('id set to "test2"')) base.id = 'test2';
  return base;
}

/** Which process id a step addresses: the renamed one after a rename, else the one created. */
function pathFor(route: string, ids: { current: string; previous: string | null }, index: number, steps: unknown[]): string {
  const [, template] = route.split(' ');
  // In TestUpdateNewProcess the first GET after the rename asks for the old id (404), the second for the new one.
  const renamed = ids.previous !== null && index === steps.length - 2;
  return template!.replace('{id}', encodeURIComponent(renamed ? ids.previous! : ids.current));
}

const CONTRACT_PATH: Record<string, [string, string]> = {
  'api.ProcessConfig': ['POST', '/api/v3/process'],
  'api.Process': ['GET', '/api/v3/process/{id}'],
  'api.ProcessReport': ['GET', '/api/v3/process/{id}/report'],
};

describe("Core's process handler tests", () => {
  let engine: TestEngine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });

  for (const test of expected.process_tests) {
    it(test.test, async () => {
      engine = await startEngine({ config: { ffmpeg: { binary: FAKE } } });
      const ids = { current: 'test', previous: null as string | null };
      for (const [index, step] of test.steps.entries()) {
        const body = bodyFor(step.body);
        const url = pathFor(step.route, ids, index, test.steps);
        const response = await call(engine.url, step.method, url, body === undefined ? {} : { body });
        expect(response.status, `${test.test} step ${index}: ${step.method} ${url} -> ${response.text}`).toBe(step.status);
        if (response.status >= 400) expect(response.body).toMatchObject({ code: step.status, message: expect.any(String), details: expect.any(Array) });
        if (step.response_validates_as) {
          const [method, contractPath] = CONTRACT_PATH[step.response_validates_as]!;
          const okStatus = 200;
          expect(contractViolations(method, contractPath, okStatus, response.body)).toEqual([]);
        }
        if (step.method === 'PUT' && step.route.startsWith('PUT /api/v3/process/{id}') && !step.route.includes('command') && response.status === 200) {
          if ((body as { id: string }).id !== ids.current) {
            ids.previous = ids.current;
            ids.current = (body as { id: string }).id;
          }
        }
      }
    });
  }
});
