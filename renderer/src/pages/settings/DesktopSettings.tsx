// Settings of the desktop app itself (only inside the app): window and login behaviour, updates with their progress,
// the data and log folders. Pushed events keep the update state live while this screen is open.
import { useEffect, useId, useState } from 'react';
import type { AppSettingsView, CoreBridge, UpdateStatus } from '../../../../preload/bridge.js';
import { errorMessage } from '../../api/ApiError.js';

export function describeUpdate(status: UpdateStatus): string {
  switch (status.state) {
    case 'disabled':
      return `Updates are off: ${status.reason}.`;
    case 'idle':
      return 'No check yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'none':
      return `Up to date (checked ${new Date(status.checkedAt).toLocaleString()}).`;
    case 'available':
      return `Version ${status.version} is available.`;
    case 'downloading':
      return `Downloading version ${status.version}: ${status.percent.toFixed(0)} %`;
    case 'ready':
      return `Version ${status.version} is ready: it installs when the app quits, or now.`;
    case 'error':
      return `The update failed: ${status.message}. The app keeps running; it tries again later.`;
  }
}

export function DesktopSettings({ bridge }: { bridge: CoreBridge }) {
  const [settings, setSettings] = useState<AppSettingsView | null>(null);
  const [update, setUpdate] = useState<UpdateStatus | null>(null);
  const [version, setVersion] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const feedId = useId();
  const channelId = useId();

  useEffect(() => {
    void Promise.all([bridge.app.getSettings(), bridge.app.updateStatus(), bridge.app.version()]).then(
      ([loaded, status, versions]) => {
        setSettings(loaded);
        setUpdate(status);
        setVersion(versions.app);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
    return bridge.onEvent((event) => {
      if (event.type === 'update') setUpdate(event.update);
      if (event.type === 'settings') setSettings(event.settings);
    });
  }, [bridge]);

  const change = (patch: Partial<AppSettingsView>) =>
    void bridge.app.setSettings(patch).then(setSettings, (error: unknown) => setProblem(errorMessage(error)));
  const act = (action: 'check' | 'install') => void bridge.app.updateAction(action).then(setUpdate, (error: unknown) => setProblem(errorMessage(error)));

  return (
    <section className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">Desktop app{version && ` ${version}`}</h2>
      {problem && <p role="alert" className="error">{problem}</p>}
      {settings && (
        <div className="form-grid">
          <label className="check">
            <input type="checkbox" checked={settings.closeToTray} onChange={(event) => change({ closeToTray: event.target.checked })} />
            Keep running in the tray when the window closes
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.launchAtLogin} onChange={(event) => change({ launchAtLogin: event.target.checked })} />
            Start at login
          </label>
          <div className="field">
            <label htmlFor={channelId}>Update channel</label>
            <select id={channelId} value={settings.updateChannel} onChange={(event) => change({ updateChannel: event.target.value as 'stable' | 'beta' })}>
              <option value="stable">Stable</option>
              <option value="beta">Beta</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={feedId}>Update feed URL</label>
            <input id={feedId} type="url" defaultValue={settings.updateFeedUrl} onBlur={(event) => event.target.value !== settings.updateFeedUrl && change({ updateFeedUrl: event.target.value })} />
          </div>
        </div>
      )}
      {update && (
        <div className="toolbar">
          <span role="status">{describeUpdate(update)}</span>
          {update.state === 'downloading' && <progress max={100} value={update.percent} aria-label="Update download" />}
          <button type="button" onClick={() => act('check')} disabled={update.state === 'checking' || update.state === 'downloading' || update.state === 'disabled'}>
            Check for updates
          </button>
          {update.state === 'ready' && (
            <button type="button" className="primary" onClick={() => act('install')}>
              Restart and install
            </button>
          )}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => void bridge.app.openDataFolder()}>
          Open data folder
        </button>
        <button type="button" onClick={() => void bridge.app.openLogsFolder()}>
          Open logs folder
        </button>
      </div>
    </section>
  );
}
