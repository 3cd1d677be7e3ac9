// The tray: a status line (channels running/failed, viewers) and quick actions, built as a pure menu model from engine state.
import type { Core } from '../core/app.js';

export interface EngineStatus {
  engine: 'running' | 'stopped';
  total: number;
  running: number;
  failed: number;
  viewers: number;
}

export interface TrayMenuItem {
  id: string;
  label: string;
  enabled: boolean;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
}

export interface TrayModel {
  tooltip: string;
  items: TrayMenuItem[];
}

export type TrayActionId = 'open' | 'start-all' | 'stop-all' | 'close-to-tray' | 'open-logs' | 'quit';

interface ProcessState {
  id: string;
  state?: { order?: string; exec?: string };
}

/** Counts channels by state and viewers (active egress sessions; *ingress collectors are publishers). */
export function summarize(processes: ProcessState[], activeSessions: Record<string, unknown[]>, engineRunning = true): EngineStatus {
  const running = processes.filter((p) => p.state?.exec === 'running').length;
  const failed = processes.filter((p) => p.state?.exec === 'failed').length;
  const viewers = Object.entries(activeSessions)
    .filter(([name]) => !name.endsWith('ingress'))
    .reduce((sum, [, list]) => sum + (Array.isArray(list) ? list.length : 0), 0);
  return { engine: engineRunning ? 'running' : 'stopped', total: processes.length, running, failed, viewers };
}

export function statusLine(status: EngineStatus): string {
  if (status.engine === 'stopped') return 'Engine stopped';
  const failed = status.failed > 0 ? `, ${status.failed} failed` : '';
  return `${status.running}/${status.total} channels running${failed} · ${status.viewers} viewer${status.viewers === 1 ? '' : 's'}`;
}

/** The tray menu for a status; pure, so it is tested without Electron. */
export function buildTrayModel(status: EngineStatus, settings: { closeToTray: boolean }): TrayModel {
  const up = status.engine === 'running';
  return {
    tooltip: `Streaming Appliance — ${statusLine(status)}`,
    items: [
      { id: 'status', label: statusLine(status), enabled: false },
      { id: 'sep-1', label: '', enabled: true, type: 'separator' },
      { id: 'open', label: 'Open', enabled: true },
      { id: 'start-all', label: 'Start all channels', enabled: up && status.running < status.total },
      { id: 'stop-all', label: 'Stop all channels', enabled: up && status.running > 0 },
      { id: 'sep-2', label: '', enabled: true, type: 'separator' },
      { id: 'close-to-tray', label: 'Keep running in the tray when closed', enabled: true, type: 'checkbox', checked: settings.closeToTray },
      { id: 'open-logs', label: 'Open logs folder', enabled: true },
      { id: 'sep-3', label: '', enabled: true, type: 'separator' },
      { id: 'quit', label: 'Quit', enabled: true },
    ],
  };
}

async function getJson<T>(core: Core, url: string): Promise<T> {
  const response = await core.inject({ method: 'GET', url, remoteAddress: '127.0.0.1' });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
  return JSON.parse(response.body) as T;
}

/** Reads the engine's state through its own API (as the local app). */
export async function fetchStatus(core: Core): Promise<EngineStatus> {
  if (!core.running) return summarize([], {}, false);
  const processes = await getJson<ProcessState[]>(core, '/api/v3/process?filter=state');
  const sessions = await getJson<Record<string, unknown[]>>(core, '/api/v3/session/active').catch(() => ({}));
  return summarize(processes, sessions);
}

/** Sends start or stop to every process (PUT /api/v3/process/{id}/command); returns the ids that refused. */
export async function commandAll(core: Core, command: 'start' | 'stop'): Promise<string[]> {
  const processes = await getJson<ProcessState[]>(core, '/api/v3/process?filter=state');
  const failed: string[] = [];
  for (const process of processes) {
    const response = await core.inject({
      method: 'PUT',
      url: `/api/v3/process/${encodeURIComponent(process.id)}/command`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ command }),
      remoteAddress: '127.0.0.1',
    });
    if (response.statusCode !== 200) failed.push(process.id);
  }
  return failed;
}

/** Electron-shaped menu template from the model: each item's click runs the action with its id. */
export function toMenuTemplate(model: TrayModel, run: (id: TrayActionId, checked?: boolean) => void): Array<Record<string, unknown>> {
  return model.items.map((item) =>
    item.type === 'separator'
      ? { type: 'separator' }
      : {
          id: item.id,
          label: item.label,
          enabled: item.enabled,
          ...(item.type === 'checkbox' ? { type: 'checkbox', checked: item.checked } : {}),
          click: (menuItem?: { checked?: boolean }) => run(item.id as TrayActionId, menuItem?.checked),
        },
  );
}
