// The `ffmpeg` session collector: every network input and output of a running process is a session
// (a restream to a platform shows up like a viewer), with the bytes FFmpeg reports as written.
import type { SessionCollector } from '../session/index.js';
import type { ProcessTask } from './ProcessTask.js';

const NETWORK = /^(rtmps?|srt|https?|rtsp|udp|tcp|rist|icecast):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?]+)/i;

export class FfmpegSessions {
  /** Bytes already reported per session, to turn FFmpeg's totals into increments. */
  private reported = new Map<string, number>();

  constructor(private readonly collector: SessionCollector) {}

  /** Called periodically with every task; opens, feeds and closes the sessions of their network IO. */
  update(tasks: Iterable<ProcessTask>): void {
    const seen = new Set<string>();
    for (const task of tasks) {
      if (task.process.state !== 'running') continue;
      const progress = task.parser.progress();
      const config = task.prepared.config;
      const networkOutputs = config.output.filter((output) => NETWORK.test(output.address));
      for (const [kind, ios] of [['input', config.input], ['output', networkOutputs]] as const) {
        for (const io of ios) {
          const match = NETWORK.exec(io.address);
          if (!match) continue;
          const id = `${task.id}:${kind}:${io.id}`;
          if (!this.collector.known(id)) {
            const remote = match[2]!.replace(/^\[|\]$/g, '');
            if (!this.collector.registerAndActivate(id, { reference: task.reference, local: task.id, remote: `${match[1]!.toLowerCase()}://${remote}` }, { remote })) continue;
          }
          seen.add(id);
          // Stock FFmpeg reports one size for all outputs: it belongs to a process's network output when it has one.
          if (kind === 'output' && networkOutputs.length === 1) this.report(id, progress.size_kb * 1024, 'egress');
        }
      }
    }
    for (const id of this.reported.keys()) if (!seen.has(id)) this.reported.delete(id);
    for (const session of this.collector.active()) if (!seen.has(session.id)) this.collector.unregister(session.id);
  }

  private report(id: string, total: number, direction: 'egress'): void {
    const previous = this.reported.get(id) ?? 0;
    this.reported.set(id, total);
    const delta = total - previous;
    if (delta > 0 && direction === 'egress') this.collector.egress(id, delta);
  }
}
