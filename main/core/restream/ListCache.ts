// Keeps the bodies of GET /api/v3/process, and each process's part of them, as Buffers while nothing they show changed.
import type { ProcessTask } from './ProcessTask.js';

interface Entry {
  second: number;
  tasks: ProcessTask[];
  revisions: number[];
  body: Buffer;
}

interface Piece {
  second: number;
  revision: number;
  body: Buffer;
}

/** Distinct queries kept (a UI polls one or two); bounds the memory a client choosing many queries can pin. */
const MAX_LISTS = 8;
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * UIs and monitors poll the whole list, and joining, measuring and encoding 100+ process texts on every request
 * cost more than everything else in it. A list is reused while the same task objects are selected (an update or
 * delete replaces or drops a task), none of their view revisions moved and `second` is the same; otherwise it is
 * assembled from per-process Buffers, of which only those of changed processes are rendered again (with 100
 * running processes some progress line arrives between almost any two requests).
 * `second` is the wall second when the view shows the state (whose runtime_seconds follows it, as in
 * ProcessTask.stateJson), else a constant.
 */
export class ListCache {
  private readonly lists = new Map<string, Entry>();
  private readonly pieces = new WeakMap<ProcessTask, Map<string, Piece>>();

  /** `key` names the query and the parts, `partsKey` the parts alone; `render` gives one process's JSON text. */
  body(key: string, partsKey: string, tasks: ProcessTask[], second: number, render: (task: ProcessTask) => string): Buffer {
    const entry = this.lists.get(key);
    if (entry && entry.second === second && unchanged(entry, tasks)) return entry.body;
    const revisions = tasks.map((task) => task.viewRevision);
    const chunks: Buffer[] = [OPEN];
    tasks.forEach((task, i) => {
      if (i > 0) chunks.push(COMMA);
      chunks.push(this.piece(task, revisions[i]!, partsKey, second, render));
    });
    chunks.push(CLOSE);
    const fresh: Entry = { second, tasks, revisions, body: Buffer.concat(chunks) };
    this.lists.delete(key);
    this.lists.set(key, fresh);
    if (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value!);
    return fresh.body;
  }

  private piece(task: ProcessTask, revision: number, partsKey: string, second: number, render: (task: ProcessTask) => string): Buffer {
    let byParts = this.pieces.get(task);
    if (!byParts) this.pieces.set(task, (byParts = new Map()));
    const cached = byParts.get(partsKey);
    if (cached && cached.revision === revision && cached.second === second) return cached.body;
    const body = Buffer.from(render(task));
    byParts.set(partsKey, { second, revision, body });
    return body;
  }
}

function unchanged(entry: Entry, tasks: ProcessTask[]): boolean {
  if (entry.tasks.length !== tasks.length) return false;
  for (let i = 0; i < tasks.length; i++) {
    if (entry.tasks[i] !== tasks[i] || entry.revisions[i] !== tasks[i]!.viewRevision) return false;
  }
  return true;
}
