// The control UI shell: login gate, navigation landmarks, hash routing and the message area.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { FirstRun } from './components/FirstRun.js';
import { Toasts } from './components/Toasts.js';
import { parseHash, useHash, type RouteName } from './components/route.js';
import { Channels } from './pages/Channels.js';
import { Files } from './pages/Files.js';
import { Login } from './pages/Login.js';
import { Logs } from './pages/Logs.js';
import { NewChannel } from './pages/NewChannel.js';
import { Settings } from './pages/Settings.js';
import { Viewers } from './pages/Viewers.js';
import { StoresContext, useAuth, type AppStores } from './store/index.js';

// uPlot and hls.js are the heavy parts: load them with the screen that needs them.
const loadDashboard = () => import('./pages/Dashboard.js');
const loadChannelPage = () => import('./pages/ChannelPage.js');
const Dashboard = lazy(() => loadDashboard().then((module) => ({ default: module.Dashboard })));
const ChannelPage = lazy(() => loadChannelPage().then((module) => ({ default: module.ChannelPage })));
// Opened straight on one of those screens: fetch its code while the engine answers the login check.
const initialRoute = parseHash(window.location.hash).name;
if (initialRoute === 'dashboard') void loadDashboard();
else if (initialRoute === 'channel') void loadChannelPage();

const NAV: { route: RouteName; label: string }[] = [
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'channels', label: 'Channels' },
  { route: 'files', label: 'Files' },
  { route: 'viewers', label: 'Viewers' },
  { route: 'settings', label: 'Settings' },
  { route: 'logs', label: 'Logs' },
];

export function App({ stores }: { stores: AppStores }) {
  return (
    <StoresContext.Provider value={stores}>
      <Root />
    </StoresContext.Provider>
  );
}

function Root() {
  const status = useAuth((state) => state.status);
  const hadSession = useAuth((state) => state.hadSession);
  const error = useAuth((state) => state.error);
  const init = useAuth((state) => state.init);

  useEffect(() => {
    void init();
  }, [init]);

  if (status === 'checking') {
    return (
      <main className="login-page">
        <p role="status">Connecting to the engine…</p>
      </main>
    );
  }
  if (status === 'offline') {
    return (
      <main className="login-page">
        <div className="card">
          <h1>Engine unreachable</h1>
          <p role="alert">{error}</p>
          <button type="button" className="primary" onClick={() => void init()}>
            Retry
          </button>
        </div>
      </main>
    );
  }
  if (status === 'login' && !hadSession) return <Login />;
  return (
    <>
      <Shell inert={status === 'login'} />
      {status === 'login' && <Login overlay />}
    </>
  );
}

function Shell({ inert }: { inert: boolean }) {
  const route = parseHash(useHash());
  const about = useAuth((state) => state.about);
  const logout = useAuth((state) => state.logout);
  const active = route.name === 'channel' || route.name === 'new' ? 'channels' : route.name;

  let page: ReactNode;
  switch (route.name) {
    case 'dashboard':
      page = <Dashboard />;
      break;
    case 'channel':
      page = <ChannelPage id={route.id ?? ''} />;
      break;
    case 'new':
      page = <NewChannel />;
      break;
    case 'files':
      page = <Files />;
      break;
    case 'viewers':
      page = <Viewers />;
      break;
    case 'settings':
      page = <Settings />;
      break;
    case 'logs':
      page = <Logs />;
      break;
    default:
      page = <Channels />;
  }

  return (
    <div className="shell" inert={inert}>
      <a className="skip" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Streaming Appliance</span>
        {about?.name && <span className="engine-name">{about.name}</span>}
        {(about?.auths.length ?? 0) > 0 && (
          <button type="button" onClick={logout}>
            Log out
          </button>
        )}
      </header>
      <nav aria-label="Main" className="nav">
        <ul>
          {NAV.map((item) => (
            <li key={item.route}>
              <a href={`#/${item.route}`} aria-current={active === item.route ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="content">
        <Suspense fallback={<p role="status">Loading…</p>}>{page}</Suspense>
      </main>
      <Toasts />
      {window.core && !inert && <FirstRun bridge={window.core} />}
    </div>
  );
}
