// libsrt's log lines for /api/v3/srt: srt.log.topics → libsrt functional areas, and the last 100 lines per topic.
import type { NativeLogLine } from './binding.js';
import type { ApiSrtLog, ApiSrtLogTopics } from './apiShapes.js';

/** libsrt's functional areas (srt.h SRT_LOGFA_*) under libsrt's names, with the code its log lines carry ("SRT.cn"). */
export const SRT_LOG_AREAS: Readonly<Record<string, { fa: number; code: string }>> = {
  general: { fa: 0, code: 'gg' },
  sockmgmt: { fa: 1, code: 'sm' },
  conn: { fa: 2, code: 'cn' },
  xtimer: { fa: 3, code: 'xt' },
  tsbpd: { fa: 4, code: 'ts' },
  rsrc: { fa: 5, code: 'rs' },
  haicrypt: { fa: 6, code: 'hc' },
  congest: { fa: 7, code: 'cc' },
  pfilter: { fa: 8, code: 'pf' },
  applog: { fa: 10, code: 'ap' },
  api_ctrl: { fa: 11, code: 'ac' },
  que_ctrl: { fa: 13, code: 'qc' },
  epoll_upd: { fa: 16, code: 'ei' },
  api_recv: { fa: 21, code: 'ar' },
  buf_recv: { fa: 22, code: 'br' },
  que_recv: { fa: 23, code: 'qr' },
  chn_recv: { fa: 24, code: 'kr' },
  grp_recv: { fa: 25, code: 'gr' },
  api_send: { fa: 31, code: 'as' },
  buf_send: { fa: 32, code: 'bs' },
  que_send: { fa: 33, code: 'qs' },
  chn_send: { fa: 34, code: 'ks' },
  grp_send: { fa: 35, code: 'gs' },
  internal: { fa: 41, code: 'in' },
  que_mgmt: { fa: 43, code: 'qm' },
  chn_mgmt: { fa: 44, code: 'km' },
  grp_mgmt: { fa: 45, code: 'gm' },
  epoll_api: { fa: 46, code: 'ea' },
};

// Core's topics are gosrt's ("connection:new", "handshake:recv:dump", "packet:send:dump", ...). Their first
// segment selects the libsrt areas that log the same events, so a configuration written for Core logs something.
const CORE_TOPIC_AREAS: Readonly<Record<string, string[]>> = {
  connection: ['conn', 'sockmgmt'],
  handshake: ['conn'],
  listen: ['conn', 'api_ctrl'],
  dial: ['conn'],
  packet: ['chn_recv', 'chn_send', 'que_recv', 'que_send'],
  control: ['que_recv', 'que_send', 'xtimer'],
};

const AREA_BY_CODE = new Map(Object.entries(SRT_LOG_AREAS).map(([name, area]) => [area.code, name]));
// libsrt's header: severity letter, then "SRT.<area code>:" (time and thread name are switched off).
const LINE = /SRT\.([a-z]{2}):\s?([\s\S]*)$/;
const SOCKET_ID = /@(\d+)/;
const LINES_PER_TOPIC = 100;

/** The libsrt area names selected by srt.log.topics (libsrt names, or Core's gosrt topics by first segment). */
export function resolveLogAreas(topics: readonly string[]): string[] {
  const areas = new Set<string>();
  for (const topic of topics) {
    const name = topic.trim().toLowerCase();
    if (SRT_LOG_AREAS[name]) areas.add(name);
    for (const area of CORE_TOPIC_AREAS[name.split(':')[0]!] ?? []) areas.add(area);
  }
  return [...areas];
}

export interface SrtLogEntry {
  topic: string;
  /** The socket the line is about ("@123" in its text), 0 if none. */
  socketId: number;
  log: ApiSrtLog;
}

/** Splits a libsrt line into its area (the topic), the socket it names and its text. */
export function parseLogLine(line: NativeLogLine): SrtLogEntry {
  const match = LINE.exec(line.message);
  const topic = (match && AREA_BY_CODE.get(match[1]!)) ?? 'general';
  const text = (match ? match[2]! : line.message).trimEnd();
  const socket = SOCKET_ID.exec(text);
  return { topic, socketId: socket ? Number(socket[1]) : 0, log: { ts: line.ts, msg: text.split('\n') } };
}

export class SrtLogBook {
  private readonly topics = new Map<string, SrtLogEntry[]>();

  add(lines: readonly NativeLogLine[]): void {
    for (const line of lines) {
      const entry = parseLogLine(line);
      let ring = this.topics.get(entry.topic);
      if (!ring) this.topics.set(entry.topic, (ring = []));
      ring.push(entry);
      if (ring.length > LINES_PER_TOPIC) ring.shift();
    }
  }

  clear(): void {
    this.topics.clear();
  }

  /**
   * Distributes the kept lines as Core does: a line about a listed connection goes to that connection, a line
   * about no socket (or about the listener) to the server's log, a line about another socket nowhere.
   */
  distribute(connections: ReadonlyMap<number, ApiSrtLogTopics>, serverSockets: ReadonlySet<number>): ApiSrtLogTopics {
    const server: ApiSrtLogTopics = {};
    for (const [topic, ring] of this.topics) {
      for (const entry of ring) {
        const target = entry.socketId === 0 || serverSockets.has(entry.socketId) ? server : connections.get(entry.socketId);
        if (target) (target[topic] ??= []).push({ ts: entry.log.ts, msg: [...entry.log.msg] });
      }
    }
    return server;
  }
}
