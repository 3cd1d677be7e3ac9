// Two RtmpServer instances in one process (as two engines in one test run): same stream path on both, each with
// its own channels, token and sessions; stopping one leaves the other serving.
import { afterEach, describe, expect, it } from 'vitest';
import { RtmpServer } from '../../main/core/rtmp/index.js';
import { SessionCollector } from '../../main/core/session/index.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAllFfmpeg, play, publish } from '../unit/rtmp/helpers.js';

const servers: RtmpServer[] = [];

afterEach(async () => {
  await killAllFfmpeg();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

function collector(): SessionCollector {
  return new SessionCollector('rtmp', { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 0 });
}

describe('two RtmpServers in one process', () => {
  it('serve the same stream path independently', async () => {
    const sessionsA = collector();
    const sessionsB = collector();
    const a = new RtmpServer({ address: '127.0.0.1:0', app: '/', token: '', logger: recordingLogger(), sessions: sessionsA });
    const b = new RtmpServer({ address: '127.0.0.1:0', app: '/', token: 'bee', logger: recordingLogger(), sessions: sessionsB });
    servers.push(a, b);
    await Promise.all([a.start(), b.start()]);
    expect(a.port).not.toBe(b.port);

    publish(`rtmp://127.0.0.1:${a.port}/main`, 30);
    await waitFor(() => a.channels().length === 1, 10_000, 'A to list its stream');
    expect(b.channels()).toEqual([]);

    // B needs its own token; A's stream is not visible there.
    const missingOnB = await play(`rtmp://127.0.0.1:${b.port}/main/bee`, 1).done;
    expect(missingOnB.code).not.toBe(0);

    publish(`rtmp://127.0.0.1:${b.port}/main?token=bee`, 30);
    await waitFor(() => b.channels().length === 1, 10_000, 'B to list its stream');
    expect(a.channels()).toEqual([{ name: '/main' }]);
    expect(b.channels()).toEqual([{ name: '/main' }]);

    const [fromA, fromB] = await Promise.all([play(`rtmp://127.0.0.1:${a.port}/main`, 1).done, play(`rtmp://127.0.0.1:${b.port}/main/bee`, 1).done]);
    expect(fromA.code, fromA.stderr.slice(-2000)).toBe(0);
    expect(fromB.code, fromB.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(fromA.stderr)).toBeGreaterThan(0);
    expect(decodedFrames(fromB.stderr)).toBeGreaterThan(0);

    expect(sessionsA.active().map((session) => session.id)).toEqual(['/main']);
    expect(sessionsB.active().map((session) => session.id)).toEqual(['/main']);

    await b.stop();
    expect(b.channels()).toEqual([]);
    expect(a.channels()).toEqual([{ name: '/main' }]);
    const stillA = await play(`rtmp://127.0.0.1:${a.port}/main`, 1).done;
    expect(stillA.code, stillA.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(stillA.stderr)).toBeGreaterThan(0);
  });
});
