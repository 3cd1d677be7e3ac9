// srt.passphrase and srt.token with real FFmpeg callers: without the passphrase, with a wrong one, or with a wrong
// or missing token a caller is turned away during the handshake; with both it publishes and plays.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SrtServer } from '../../main/core/srt/index.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAll, publish, subscribe, type FfmpegRun } from '../unit/srt/ffmpegClients.js';

const passphrase = 'foobarfoobar-42';
const logger = recordingLogger();
const server = new SrtServer({ address: '127.0.0.1:0', passphrase, token: 'abc', logger });
let port = 0;

beforeAll(async () => {
  await server.start();
  port = server.port;
});
afterEach(killAll);
afterAll(() => server.stop());

const channel = () => server.channels()[0]!;

async function expectRejected(run: FfmpegRun): Promise<string> {
  const result = await run.done;
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.signal).toBeNull();
  return result.stderr;
}

describe('SRT passphrase and token', () => {
  it('turns callers without the passphrase or the token away and lets the right ones in', async () => {
    const withPassphrase = `&passphrase=${passphrase}`;
    // Publishers that must fail; the first passes the token check and is refused by libsrt afterwards, so it
    // must not keep the resource busy for the good publisher below.
    const refused = [
      publish(port, 'sec1,mode:publish,token:abc', { seconds: 2 }),
      publish(port, 'sec1,mode:publish,token:abc', { seconds: 2, query: '&passphrase=wrongwrongwrong' }),
      publish(port, 'sec1,mode:publish,token:abd', { seconds: 2, query: withPassphrase }),
      publish(port, 'sec1,mode:publish', { seconds: 2, query: withPassphrase }),
    ];
    const messages = await Promise.all(refused.map(expectRejected));
    expect(messages[2]).toMatch(/reject/i);
    expect(messages[3]).toMatch(/reject/i);
    expect(logger.entries.filter((entry) => entry.fields?.status === 'FORBIDDEN' && entry.message === 'invalid token')).toHaveLength(2);
    expect(channel().publisher).toEqual({});

    const publisher = publish(port, 'sec1,mode:publish,token:abc', { seconds: 6, query: withPassphrase });
    await waitFor(() => channel().publisher['sec1'], 10_000, 'the publisher with passphrase and token');

    const viewers = [
      subscribe(port, 'sec1,token:abc', { seconds: 2 }),
      subscribe(port, 'sec1,token:abc', { seconds: 2, query: '&passphrase=wrongwrongwrong' }),
      subscribe(port, 'sec1', { seconds: 2, query: withPassphrase }),
    ];
    const good = subscribe(port, 'sec1,token:abc', { seconds: 2, query: withPassphrase });
    await Promise.all(viewers.map(expectRejected));
    const played = await good.done;
    expect(played.code, played.stderr.slice(-500)).toBe(0);
    expect(decodedFrames(played.stderr)).toBeGreaterThan(0);

    expect((await publisher.done).code).toBe(0);
  }, 50_000);

  it('refuses encrypted callers when no passphrase is set', async () => {
    const open = new SrtServer({ address: '127.0.0.1:0', passphrase: '', token: '', logger: recordingLogger() });
    await open.start();
    try {
      await expectRejected(publish(open.port, 'plain,mode:publish', { seconds: 2, query: `&passphrase=${passphrase}` }));
      const publisher = publish(open.port, 'plain,mode:publish', { seconds: 4 });
      await waitFor(() => open.channels()[0]!.publisher['plain'], 10_000, 'the unencrypted publisher');
      await publisher.done;
    } finally {
      await open.stop();
    }
  }, 30_000);
});
