// SrtServer's decisions and bookkeeping against a stand-in binding: admission at handshake, fan-out, teardown,
// sessions, the /api/v3/srt shape and the libsrt log switch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SrtServer, type SrtServerOptions } from '../../../main/core/srt/SrtServer.js';
import { REJECT, SOCKET_STATE, type Binding, type ConnectDecision, type NativeEvent, type NativeServer, type NativeServerOptions } from '../../../main/core/srt/binding.js';
import { emptySrtStatistics, type ApiSrtStatistics } from '../../../main/core/srt/apiShapes.js';
import { SessionCollector } from '../../../main/core/session/index.js';
import { contractViolations } from '../../helpers/contract.js';
import { recordingLogger } from '../../helpers/silentLogger.js';

class FakeNative implements NativeServer {
  static last: FakeNative;
  closed = false;
  readonly closedSockets: number[] = [];
  readonly sent: Array<{ ids: number[]; bytes: number; sizes: number[] }> = [];
  readonly states = new Map<number, number>();
  sendResult: (id: number, bytes: number) => number = (_id, bytes) => bytes;

  constructor(
    readonly options: NativeServerOptions,
    readonly onEvents: (events: NativeEvent[]) => void,
    readonly onConnect: ConnectDecision,
  ) {
    FakeNative.last = this;
  }
  port(): number {
    return 6000;
  }
  listenerId(): number {
    return 1;
  }
  close(): void {
    this.closed = true;
  }
  closeSocket(id: number): boolean {
    this.closedSockets.push(id);
    return true;
  }
  send(ids: number[], data: Buffer, sizes: number[]): number[] {
    this.sent.push({ ids: [...ids], bytes: data.length, sizes });
    return ids.map((id) => this.sendResult(id, data.length));
  }
  stats(id: number): ApiSrtStatistics {
    return { ...emptySrtStatistics(), recv_bytes: id * 10, rtt_ms: 0.25 };
  }
  state(id: number): number {
    return this.states.get(id) ?? SOCKET_STATE.NONEXIST;
  }
  droppedBytes(): number {
    return 0;
  }
}

function fakeBinding(): Binding & { setLogHandler: ReturnType<typeof vi.fn> } {
  return { version: 'fake', Server: FakeNative, setLogHandler: vi.fn() };
}

const servers: SrtServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function started(overrides: Partial<SrtServerOptions> = {}) {
  const logger = recordingLogger();
  const sessions = new SessionCollector('srt', { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 0 });
  const binding = fakeBinding();
  const server = new SrtServer({ address: '127.0.0.1:0', passphrase: '', token: '', logger, sessions, binding, ...overrides });
  servers.push(server);
  await server.start();
  const native = FakeNative.last;
  const connect = (id: number, streamId: string, peer = `127.0.0.1:${40000 + id}`, hsVersion = 5) => native.onConnect(id, streamId, peer, hsVersion);
  const accept = (id: number, streamId: string, peer = `127.0.0.1:${40000 + id}`) => native.onEvents([{ type: 'accept', id, peer, streamId }]);
  /** Admits and accepts, as libsrt does for a good caller. */
  const join = (id: number, streamId: string) => {
    const code = connect(id, streamId);
    if (code === 0) {
      native.states.set(id, SOCKET_STATE.CONNECTED);
      accept(id, streamId);
    }
    return code;
  };
  const data = (id: number, bytes = 1316 * 2) => native.onEvents([{ type: 'data', id, data: Buffer.alloc(bytes, 0x47), sizes: [bytes / 2, bytes / 2] }]);
  const close = (id: number) => native.onEvents([{ type: 'close', id, reason: 'Connection was broken' }]);
  return { server, native, logger, sessions, binding, connect, accept, join, data, close };
}

describe('SrtServer admission', () => {
  it('parses the listen address and passes the passphrase to the listener', async () => {
    const { native, server } = await started({ address: ':0', passphrase: 'n23jk4DD5DOAn5jk4DSS' });
    expect(native.options).toEqual({ host: '', port: 0, passphrase: 'n23jk4DD5DOAn5jk4DSS' });
    expect(server.port).toBe(6000);
  });

  it('rejects bad stream ids, wrong tokens and old handshakes', async () => {
    const { connect } = await started({ token: 'abc' });
    expect(connect(10, '')).toBe(REJECT.BAD_REQUEST);
    expect(connect(11, 'live1,mode:play,token:abc')).toBe(REJECT.BAD_MODE);
    expect(connect(12, 'live1,mode:publish')).toBe(REJECT.UNAUTHORIZED);
    expect(connect(13, 'live1,mode:publish,token:abd')).toBe(REJECT.UNAUTHORIZED);
    expect(connect(14, 'live1,mode:publish,token:abc', '127.0.0.1:1', 4)).toBe(REJECT.BAD_REQUEST);
    expect(connect(15, 'live1,mode:publish,token:abc')).toBe(0);
    expect(connect(16, '#!:m=publish,r=live2,token=abc')).toBe(0);
  });

  it('admits a request only for a live resource', async () => {
    const { connect, join } = await started();
    expect(connect(20, 'live1')).toBe(REJECT.NOT_FOUND);
    expect(join(21, 'live1,mode:publish')).toBe(0);
    expect(connect(22, 'live1')).toBe(0);
    expect(connect(23, 'other')).toBe(REJECT.NOT_FOUND);
  });

  it('allows one publisher per resource, counting one still in its handshake', async () => {
    const { native, connect, join, close } = await started();
    expect(connect(30, 'live1,mode:publish')).toBe(0);
    native.states.set(30, SOCKET_STATE.INIT);
    expect(connect(31, 'live1,mode:publish')).toBe(REJECT.CONFLICT);
    // The first handshake failed after the decision (e.g. a wrong passphrase): the resource is free again.
    native.states.delete(30);
    expect(join(32, 'live1,mode:publish')).toBe(0);
    expect(connect(33, 'live1,mode:publish')).toBe(REJECT.CONFLICT);
    close(32);
    expect(connect(34, 'live1,mode:publish')).toBe(0);
  });

  it('decides again when a caller arrives without a recent admission', async () => {
    const { native, accept, server } = await started();
    accept(40, 'live1');
    expect(native.closedSockets).toContain(40);
    accept(41, 'live1,mode:publish');
    expect(server.channels()[0]!.publisher).toEqual({ live1: 41 });
  });
});

describe('SrtServer streams', () => {
  it('fans the publisher data out to every subscriber and counts sessions', async () => {
    const { native, join, data, sessions } = await started();
    join(50, 'live1,mode:publish');
    join(51, 'live1');
    join(52, 'live1,token:x');
    data(50);
    expect(native.sent).toEqual([{ ids: [51, 52], bytes: 2632, sizes: [1316, 1316] }]);
    data(51);
    expect(native.sent).toHaveLength(1);
    const list = sessions.active();
    expect(list.map((session) => [session.id, session.reference, session.local, session.bytes_rx, session.bytes_tx])).toEqual([
      ['live1', 'live1', 'publish:live1', 2632, 0],
      ['127.0.0.1:40051', 'live1', 'play:live1', 0, 2632],
      ['127.0.0.1:40052', 'live1', 'play:live1', 0, 2632],
    ]);
  });

  it('drops a subscriber whose socket broke while sending', async () => {
    const { native, join, data, server } = await started();
    join(60, 'live1,mode:publish');
    join(61, 'live1');
    join(62, 'live1');
    native.sendResult = (id, bytes) => (id === 61 ? -1 : bytes);
    data(60);
    expect(native.closedSockets).toEqual([61]);
    expect(server.channels()[0]!.subscriber).toEqual({ live1: [62] });
    data(60);
    expect(native.sent.at(-1)!.ids).toEqual([62]);
  });

  it('closes the subscribers when the publisher leaves', async () => {
    const { native, join, close, server, sessions, connect } = await started();
    join(70, 'live1,mode:publish');
    join(71, 'live1');
    join(72, 'live1');
    close(70);
    expect(native.closedSockets.sort()).toEqual([70, 71, 72]);
    expect(server.channels()).toEqual([{ publisher: {}, subscriber: {}, connections: {}, log: {} }]);
    expect(sessions.active()).toEqual([]);
    expect(connect(73, 'live1')).toBe(REJECT.NOT_FOUND);
  });

  it('reports channels in the shape of the contract', async () => {
    const { join, server } = await started();
    join(80, 'live1,mode:publish');
    join(81, 'live1');
    join(82, 'live2,mode:publish');
    const body = server.channels();
    expect(body).toHaveLength(1);
    expect(body[0]!.publisher).toEqual({ live1: 80, live2: 82 });
    expect(body[0]!.subscriber).toEqual({ live1: [81] });
    expect(Object.keys(body[0]!.connections).sort()).toEqual(['80', '81', '82']);
    expect(body[0]!.connections['81']!.stats.recv_bytes).toBe(810);
    expect(contractViolations('GET', '/api/v3/srt', 200, body)).toEqual([]);
  });

  it('logs publish and subscribe with Core fields', async () => {
    const { join, close, logger } = await started();
    join(90, 'live1,mode:publish');
    join(91, 'live1');
    close(91);
    const fields = logger.entries.map((entry) => entry.fields).filter((field) => field && 'handler' in field);
    expect(fields).toEqual([
      { handler: 'PUBLISH', status: 'START', resource: 'live1', client: '127.0.0.1:40090' },
      { handler: 'SUBSCRIBE', status: 'START', resource: 'live1', client: '127.0.0.1:40091' },
      { handler: 'SUBSCRIBE', status: 'STOP', resource: 'live1', client: '127.0.0.1:40091' },
    ]);
  });
});

describe('SrtServer lifecycle', () => {
  it('says why it cannot start without the binding', async () => {
    const server = new SrtServer({ address: ':0', passphrase: '', token: '', logger: recordingLogger(), binding: new Error('not built') });
    await expect(server.start()).rejects.toThrow('SRT server unavailable: not built');
    expect(server.running).toBe(false);
  });

  it('says which address it could not listen on', async () => {
    const binding = fakeBinding();
    binding.Server = class {
      constructor() {
        throw new Error('srt bind: Connection setup failure: unable to create/configure SRT socket');
      }
    } as unknown as Binding['Server'];
    const server = new SrtServer({ address: '127.0.0.1:6000', passphrase: '', token: '', logger: recordingLogger(), binding });
    await expect(server.start()).rejects.toThrow("SRT server cannot listen on '127.0.0.1:6000': srt bind");
    expect(server.running).toBe(false);
  });

  it('refuses a passphrase libsrt would refuse', async () => {
    const server = new SrtServer({ address: ':0', passphrase: 'short', token: '', logger: recordingLogger(), binding: fakeBinding() });
    await expect(server.start()).rejects.toThrow('10 to 79');
  });

  it('switches libsrt logging on for the configured topics and off again', async () => {
    const { binding, server } = await started({ log: { enable: true, topics: ['conn', 'handshake'] } });
    expect(binding.setLogHandler).toHaveBeenCalledWith(expect.any(Function), { level: 7, areas: [2] });
    const handler = binding.setLogHandler.mock.calls[0]![0] as (lines: unknown[]) => void;
    handler([{ ts: 1, level: 5, area: 'x', message: '.N:SRT.cn: hello' }]);
    expect(server.channels()[0]!.log).toEqual({ conn: [{ ts: 1, msg: ['hello'] }] });
    await server.stop();
    expect(binding.setLogHandler).toHaveBeenLastCalledWith(null);
  });

  it('leaves libsrt logging alone without topics', async () => {
    const { binding } = await started({ log: { enable: true, topics: [] } });
    expect(binding.setLogHandler).not.toHaveBeenCalled();
  });

  it('stop() closes the native server and ends the sessions', async () => {
    const { native, join, server, sessions } = await started();
    join(100, 'live1,mode:publish');
    await server.stop();
    expect(native.closed).toBe(true);
    expect(sessions.active()).toEqual([]);
    expect(server.port).toBe(0);
  });
});
