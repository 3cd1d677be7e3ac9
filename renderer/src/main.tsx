// Renderer entry: builds the API client for where we run (IPC or browser) and mounts the control UI.
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ApiClient, xhrUploader } from './api/ApiClient.js';
import { apiBase, defaultTransport } from './api/transport.js';
import { createAppStores } from './store/index.js';
import './styles.css';

const client = new ApiClient({
  transport: defaultTransport(),
  ...(window.core ? {} : { uploader: xhrUploader(apiBase()) }),
});

createRoot(document.getElementById('root')!).render(<App stores={createAppStores(client)} />);
