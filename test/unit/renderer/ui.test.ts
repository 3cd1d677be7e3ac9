// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../renderer/src/api/ApiClient.js';
import { TokenStore } from '../../../renderer/src/api/tokens.js';
import { App } from '../../../renderer/src/App.js';
import { createAppStores } from '../../../renderer/src/store/index.js';
import { about, fakeTransport, memoryStorage, process, token, visibleDocument, type Handler } from './fakes.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function mount(routes: Record<string, Handler>, hash = '#/channels') {
  window.location.hash = hash;
  const fake = fakeTransport(routes);
  const client = new ApiClient({ transport: fake.transport, tokens: new TokenStore(memoryStorage()), setTimer: () => () => {} });
  render(createElement(App, { stores: createAppStores(client, visibleDocument()) }));
  return fake;
}

describe('Login', () => {
  it('is shown when /api has no id, and logs in with the form', async () => {
    const { requests } = mount({
      'GET /api': (request) => ({ body: request.headers?.Authorization ? about : { app: 'datarhei-core', auths: ['localjwt'], version: { number: '16.0.0' } } }),
      'POST /api/login': (request) =>
        JSON.parse(request.body!).password === 'right'
          ? { body: { access_token: token({ exi: 600 }), refresh_token: token({ exi: 9999 }) } }
          : { status: 401, body: { code: 401, message: 'Invalid username or password', details: [] } },
      'GET /api/v3/process': () => ({ body: [] }),
    });
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Invalid username or password');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Channels' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Channels' }).getAttribute('aria-current')).toBe('page');
    expect(requests.filter((request) => request.url === '/api/login')).toHaveLength(2);
  });
});

describe('Channels', () => {
  it('renders rows from the API, explains a failure and sends start/stop', async () => {
    const { requests } = mount({
      'GET /api': () => ({ body: { ...about, auths: [] } }),
      'GET /api/v3/process': () => ({ body: [process('cam1', 'running'), process('cam2', 'failed')] }),
      'PUT /api/v3/process/cam1/command': () => ({ body: 'OK' }),
      'PUT /api/v3/process/cam2/command': () => ({ body: 'OK' }),
    });
    const row = (await screen.findByRole('link', { name: 'cam1' })).closest('tr')!;
    expect(within(row).getByText('running')).toBeTruthy();
    expect(within(row).getByText('1.50 Mbit/s')).toBeTruthy();
    expect(within(row).getByText('25.0')).toBeTruthy();
    expect(screen.getByText(/refused the connection/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop cam1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start cam2' }));
    await waitFor(() => {
      const commands = requests.filter((request) => request.url.endsWith('/command'));
      expect(commands.map((request) => [request.url, JSON.parse(request.body!).command])).toEqual([
        ['/api/v3/process/cam1/command', 'stop'],
        ['/api/v3/process/cam2/command', 'start'],
      ]);
    });
  });
});

describe('Settings', () => {
  it('locks an env-overridden field and names its variable', async () => {
    mount(
      {
        'GET /api': () => ({ body: { ...about, auths: [] } }),
        'GET /api/v3/config': () => ({
          body: {
            created_at: '',
            loaded_at: '2024-01-01',
            updated_at: '2024-01-01',
            config: { version: 3, name: 'core', api: { auth: { enable: true, username: 'admin' } }, rtmp: { enable: false } },
            overrides: ['api.auth.enable'],
          },
        }),
      },
      '#/settings',
    );
    const locked = await screen.findByRole('checkbox', { name: 'api.auth.enable' });
    expect((locked as HTMLInputElement).disabled).toBe(true);
    expect(locked.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(locked.getAttribute('aria-describedby')!)!.textContent).toContain('CORE_API_AUTH_ENABLE');
    expect((screen.getByRole('checkbox', { name: 'rtmp.enable' }) as HTMLInputElement).disabled).toBe(false);
    expect((screen.getByRole('textbox', { name: 'api.auth.username' }) as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Save and reload' })).toBeTruthy();
  });
});
