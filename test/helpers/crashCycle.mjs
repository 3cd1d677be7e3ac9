// One crash-safety cycle, as issue 10 defines it: API writes in flight (create, update, delete, command,
// metadata), `kill -9` of the engine at a random moment, restart; then db.json must parse and hold every
// acknowledged write, no deleted process may come back, none may be duplicated, and every process with order
// start must run again in time. Shared by test/reliability/crash.test.ts (20 cycles) and bench/reliability.mjs
// (200 cycles).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { send, spawnEngine } from './engineProcess.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const processBody = (id, autostart, reference) => ({
  id,
  reference,
  input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }],
  output: [{ id: 'o', address: '-', options: ['-f', 'null'] }],
  autostart,
});

/** The cycle a process id was created in (ids are `c<cycle>p<n>`). */
const cycleOf = (id) => Number(/^c(\d+)p/.exec(id)?.[1] ?? -1);

/** Processes of this many earlier cycles stay; older ones are deleted, so the load (and restart time) stays flat. */
const KEEP_CYCLES = 2;

export class CrashLoop {
  /**
   * @param {{ dir: string, runningWithinMs?: number }} options
   *   dir: the engine's working directory (db.json lands in dir/config); runningWithinMs: how soon after the
   *   restart (spawn) every started process must run again.
   */
  constructor({ dir, runningWithinMs = 2000 }) {
    this.dir = dir;
    this.runningWithinMs = runningWithinMs;
    /**
     * What the engine acknowledged, per process id: order, reference and metadata value `n`. A field is null
     * while a write to it was in flight at the crash (it may or may not have been saved, so it is not checked).
     */
    this.present = new Map();
    this.deleted = new Set();
    /** Ids the restarted engine listed (acknowledged or not), to delete old ones in a later cycle. */
    this.listed = [];
    this.acknowledgedWrites = 0;
    this.engine = null;
  }

  get dbFile() {
    return path.join(this.dir, 'config', 'db.json');
  }

  /** How many writes were acknowledged so far (proves the crashes landed among them). */
  get acknowledged() {
    return this.acknowledgedWrites;
  }

  async open() {
    this.engine = await spawnEngine({ cwd: this.dir });
  }

  async close() {
    await this.engine?.kill9();
    this.engine = null;
  }

  /**
   * Runs cycle number `cycle`. Returns what went wrong, by kind — `db`: db.json unreadable or missing an
   * acknowledged write; `list`: the restarted engine's process list; `late`: started processes not running in
   * time — all of them together in `problems` (empty when nothing), and how long the restart took.
   */
  async cycle(cycle) {
    const base = this.engine.base;
    const writes = [];
    for (let i = 0; i < 6; i++) writes.push(this.writeChain(base, cycle, i));
    for (const id of this.listed.filter((listed) => cycleOf(listed) < cycle - KEEP_CYCLES)) writes.push(this.remove(base, id));
    // The crash comes at a random moment while the writes are in flight.
    await sleep(Math.random() * 150);
    await this.engine.kill9();
    await Promise.all(writes);

    const db = this.checkDb(cycle);
    const restarted = performance.now();
    this.engine = await spawnEngine({ cwd: this.dir });
    const runningMs = await this.waitRunning(restarted, Math.max(10_000, this.runningWithinMs));
    const late = [];
    if (runningMs === null) late.push(`cycle ${cycle}: started processes not running 10 s after the restart`);
    else if (runningMs > this.runningWithinMs) late.push(`cycle ${cycle}: started processes running only after ${Math.round(runningMs)} ms`);
    const list = await this.checkList(cycle);
    return { db, list, late, problems: [...db, ...list, ...late], runningMs };
  }

  /** `write` is sent; `apply` records its effect once acknowledged. Resolves false when it was not. */
  async acknowledgedWrite(base, method, url, body, apply) {
    const response = await send(base, method, url, body);
    if (!response.ok) return false;
    this.acknowledgedWrites++;
    apply?.();
    return true;
  }

  /** Create, set metadata, then one more kind of write per process: update, stop, start or delete. */
  async writeChain(base, cycle, index) {
    const id = `c${cycle}p${index}`;
    const autostart = index % 2 === 0;
    const expected = { order: autostart ? 'start' : 'stop', reference: `r${cycle}`, meta: undefined };
    if (!(await this.acknowledgedWrite(base, 'POST', '/api/v3/process', processBody(id, autostart, expected.reference), () => this.present.set(id, expected)))) return;
    expected.meta = null;
    if (!(await this.acknowledgedWrite(base, 'PUT', `/api/v3/process/${id}/metadata/n`, cycle, () => (expected.meta = cycle)))) return;
    switch (index) {
      case 1:
        expected.reference = null;
        await this.acknowledgedWrite(base, 'PUT', `/api/v3/process/${id}`, processBody(id, autostart, `u${cycle}`), () => (expected.reference = `u${cycle}`));
        break;
      case 2:
        expected.order = null;
        await this.acknowledgedWrite(base, 'PUT', `/api/v3/process/${id}/command`, { command: 'stop' }, () => (expected.order = 'stop'));
        break;
      case 3:
        expected.order = null;
        await this.acknowledgedWrite(base, 'PUT', `/api/v3/process/${id}/command`, { command: 'start' }, () => (expected.order = 'start'));
        break;
      case 5:
        await this.remove(base, id);
        break;
    }
  }

  async remove(base, id) {
    // Unknown until acknowledged: the file may hold it or not.
    this.present.delete(id);
    await this.acknowledgedWrite(base, 'DELETE', `/api/v3/process/${id}`, undefined, () => this.deleted.add(id));
  }

  checkDb(cycle) {
    const problems = [];
    if (!existsSync(this.dbFile)) {
      // Before the first acknowledged write there is nothing to save yet.
      if (this.acknowledged > 0) problems.push(`cycle ${cycle}: db.json missing after ${this.acknowledged} acknowledged writes`);
      return problems;
    }
    let db;
    try {
      db = JSON.parse(readFileSync(this.dbFile, 'utf8'));
    } catch (error) {
      return [`cycle ${cycle}: db.json does not parse: ${error.message}`];
    }
    if (db.version !== 4) problems.push(`cycle ${cycle}: db.json version ${db.version}`);
    for (const [id, expected] of this.present) {
      const stored = db.process?.[id];
      if (!stored) {
        problems.push(`cycle ${cycle}: acknowledged ${id} missing`);
        continue;
      }
      if (expected.order !== null && stored.order !== expected.order) problems.push(`cycle ${cycle}: ${id} has order ${stored.order}, acknowledged ${expected.order}`);
      if (expected.reference !== null && stored.reference !== expected.reference) problems.push(`cycle ${cycle}: ${id} has reference ${stored.reference}, acknowledged ${expected.reference}`);
      if (typeof expected.meta === 'number' && db.metadata?.process?.[id]?.n !== expected.meta) problems.push(`cycle ${cycle}: metadata of ${id} lost`);
    }
    for (const id of this.deleted) if (db.process?.[id]) problems.push(`cycle ${cycle}: deleted ${id} came back`);
    return problems;
  }

  /** The restarted engine lists every acknowledged process once and no deleted one. */
  async checkList(cycle) {
    const response = await send(this.engine.base, 'GET', '/api/v3/process');
    if (!response.ok) return [`cycle ${cycle}: the process list answered ${response.status}`];
    const ids = JSON.parse(response.text).map((p) => p.id);
    this.listed = ids;
    const listed = new Set(ids);
    const problems = [];
    if (listed.size !== ids.length) problems.push(`cycle ${cycle}: duplicated processes in the list`);
    for (const id of this.present.keys()) if (!listed.has(id)) problems.push(`cycle ${cycle}: acknowledged ${id} not loaded`);
    for (const id of this.deleted) if (listed.has(id)) problems.push(`cycle ${cycle}: deleted ${id} loaded again`);
    return problems;
  }

  /** ms from `since` until every acknowledged process with order start runs, or null after `timeoutMs`. */
  async waitRunning(since, timeoutMs) {
    const started = [...this.present].filter(([, expected]) => expected.order === 'start').map(([id]) => id);
    const deadline = since + timeoutMs;
    while (performance.now() < deadline) {
      const response = await send(this.engine.base, 'GET', '/api/v3/process?filter=state');
      if (response.ok) {
        const running = new Set(JSON.parse(response.text).filter((p) => p.state.exec === 'running').map((p) => p.id));
        if (started.every((id) => running.has(id))) return performance.now() - since;
      }
      await sleep(20);
    }
    return null;
  }
}
