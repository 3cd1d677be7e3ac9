// The typed client of the v3 API: one place that knows paths, tokens, refresh and the 401 → login rule.
import { ApiError } from './ApiError.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { decodeClaims, TokenStore } from './tokens.js';
import type { CoreRequest, CoreResponse, Transport } from './transport.js';
import type {
  About,
  Config,
  ConfigData,
  FileInfo,
  FilesystemInfo,
  JWT,
  JWTRefresh,
  MetricsQuery,
  MetricsResponse,
  Probe,
  Process,
  ProcessCommand,
  ProcessConfig,
  ProcessFilter,
  ProcessReport,
  ProcessState,
  RtmpChannel,
  SessionsActive,
  Skills,
  SrtChannels,
} from './types.js';

type Method = CoreRequest['method'];

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** Send without the access token (login, refresh and the about probe decide their own header). */
  anonymous?: boolean;
  headers?: Record<string, string>;
}

/** Uploads a file with progress; the browser build uses XMLHttpRequest, IPC falls back to the transport. */
export type Uploader = (request: {
  url: string;
  headers: Record<string, string>;
  file: Blob;
  onProgress: (fraction: number) => void;
}) => Promise<CoreResponse>;

export interface ApiClientOptions {
  transport: Transport;
  tokens?: TokenStore;
  uploader?: Uploader;
  /** Timer used for the refresh schedule; replaceable in tests. */
  setTimer?: (callback: () => void, ms: number) => () => void;
}

const defaultTimer = (callback: () => void, ms: number): (() => void) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

export function encodeId(id: string): string {
  return encodeURIComponent(id);
}

function encodePath(path: string): string {
  return path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}

export class ApiClient {
  readonly tokens: TokenStore;
  private readonly transport: Transport;
  private readonly uploader: Uploader | undefined;
  private readonly setTimer: NonNullable<ApiClientOptions['setTimer']>;
  private cancelRefresh: (() => void) | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly unauthorizedListeners = new Set<() => void>();

  constructor(options: ApiClientOptions) {
    this.transport = options.transport;
    this.tokens = options.tokens ?? new TokenStore();
    this.uploader = options.uploader;
    this.setTimer = options.setTimer ?? defaultTimer;
  }

  /** Called when the API rejects us and a refresh cannot help: the UI shows Login. */
  onUnauthorized(listener: () => void): () => void {
    this.unauthorizedListeners.add(listener);
    return () => this.unauthorizedListeners.delete(listener);
  }

  // ---- low level -------------------------------------------------------------------------

  private buildUrl(path: string, query?: Record<string, string | undefined>): string {
    const params = Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
    if (params.length === 0) return path;
    return path + '?' + params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  }

  private async send(method: Method, path: string, options: CallOptions, token: string | null) {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const request: CoreRequest = { method, url: this.buildUrl(path, options.query), headers };
    if (options.body !== undefined) {
      request.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return this.transport(request);
  }

  /** Sends with the current token; on 401 refreshes once and resends; a 401 after that expires the session. */
  private async authorized(send: (token: string | null) => Promise<CoreResponse>, anonymous = false): Promise<CoreResponse> {
    let response = await send(anonymous ? null : this.tokens.access);
    if (response.status === 401 && !anonymous) {
      if (await this.refresh()) response = await send(this.tokens.access);
      if (response.status === 401) this.expire();
    }
    if (response.status < 200 || response.status >= 300) throw ApiError.fromResponse(response.status, response.body);
    return response;
  }

  /** One API call: adds the token, retries once after a refresh on 401, throws ApiError on failure. */
  async raw(method: Method, path: string, options: CallOptions = {}): Promise<string> {
    return (await this.authorized((token) => this.send(method, path, options, token), options.anonymous)).body;
  }

  async call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
    const body = await this.raw(method, path, options);
    if (body === '') return undefined as T;
    try {
      return JSON.parse(body) as T;
    } catch {
      return body as T;
    }
  }

  // ---- authentication --------------------------------------------------------------------

  /** GET /api, with the token when we have one (without it, a locked engine returns no `id`). */
  about(): Promise<About> {
    return this.call<About>('GET', '/api', { anonymous: this.tokens.access === null });
  }

  async login(username: string, password: string): Promise<void> {
    const jwt = await this.call<JWT>('POST', '/api/login', { anonymous: true, body: { username, password } });
    this.acceptAccess(jwt.access_token, jwt.refresh_token);
  }

  /** Uses the refresh token (memory or localStorage) for a new access token; single flight. */
  refresh(): Promise<boolean> {
    const refreshToken = this.tokens.refresh;
    if (!refreshToken) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const response = await this.send('GET', '/api/login/refresh', {}, refreshToken);
        if (response.status !== 200) {
          if (response.status === 401 || response.status === 400) this.tokens.clear();
          return false;
        }
        const body = JSON.parse(response.body) as JWTRefresh;
        this.acceptAccess(body.access_token);
        return true;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  logout(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = null;
    this.tokens.clear();
  }

  get hasSession(): boolean {
    return this.tokens.access !== null || this.tokens.refresh !== null;
  }

  private acceptAccess(access: string, refresh?: string): void {
    let exi: number;
    try {
      exi = decodeClaims(access).exi;
    } catch {
      // Restreamer's rule: a token we cannot read is dropped.
      this.tokens.clear();
      throw new ApiError(401, 'The engine returned an unreadable token');
    }
    this.tokens.set(access, refresh);
    this.cancelRefresh?.();
    const delay = Math.max(exi - 60, 5) * 1000;
    this.cancelRefresh = this.setTimer(() => {
      void this.refresh().then((ok) => {
        if (!ok) this.expire();
      });
    }, delay);
  }

  private expire(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = null;
    this.tokens.access = null;
    for (const listener of this.unauthorizedListeners) listener();
  }

  // ---- processes ---------------------------------------------------------------------------

  processes(filter: ProcessFilter[] = [], query: { id?: string[]; reference?: string } = {}): Promise<Process[]> {
    return this.call<Process[]>('GET', '/api/v3/process', {
      query: { filter: filter.join(','), id: query.id?.join(','), reference: query.reference },
    });
  }

  process(id: string, filter: ProcessFilter[] = []): Promise<Process> {
    return this.call<Process>('GET', `/api/v3/process/${encodeId(id)}`, { query: { filter: filter.join(',') } });
  }

  processState(id: string): Promise<ProcessState> {
    return this.call<ProcessState>('GET', `/api/v3/process/${encodeId(id)}/state`);
  }

  processReport(id: string): Promise<ProcessReport> {
    return this.call<ProcessReport>('GET', `/api/v3/process/${encodeId(id)}/report`);
  }

  updateProcess(id: string, config: ProcessConfig): Promise<ProcessConfig> {
    return this.call<ProcessConfig>('PUT', `/api/v3/process/${encodeId(id)}`, { body: config });
  }

  createProcess(config: ProcessConfig): Promise<ProcessConfig> {
    return this.call<ProcessConfig>('POST', '/api/v3/process', { body: config });
  }

  deleteProcess(id: string): Promise<void> {
    return this.call<void>('DELETE', `/api/v3/process/${encodeId(id)}`);
  }

  /** GET /api/v3/process/{id}/metadata: every key the process stores (the UI keeps its own under "ui"). */
  metadata(id: string): Promise<Record<string, unknown> | null> {
    return this.call<Record<string, unknown> | null>('GET', `/api/v3/process/${encodeId(id)}/metadata`);
  }

  /** PUT /api/v3/process/{id}/metadata/{key}; null removes the key. */
  setMetadata(id: string, key: string, value: unknown): Promise<unknown> {
    return this.call<unknown>('PUT', `/api/v3/process/${encodeId(id)}/metadata/${encodeURIComponent(key)}`, { body: JSON.stringify(value) });
  }

  /** GET /api/v3/process/{id}/probe: the streams FFmpeg finds in the process's inputs. */
  probe(id: string): Promise<Probe> {
    return this.call<Probe>('GET', `/api/v3/process/${encodeId(id)}/probe`);
  }

  /** GET /api/v3/rtmp: the streams being published to the built-in RTMP server. */
  rtmpChannels(): Promise<RtmpChannel[]> {
    return this.call<RtmpChannel[]>('GET', '/api/v3/rtmp');
  }

  /** GET /api/v3/srt: the built-in SRT server's publishers and connections. */
  srtChannels(): Promise<SrtChannels> {
    return this.call<SrtChannels>('GET', '/api/v3/srt');
  }

  command(id: string, command: ProcessCommand): Promise<void> {
    return this.call<void>('PUT', `/api/v3/process/${encodeId(id)}/command`, { body: { command } });
  }

  // ---- metrics, sessions, log, skills ---------------------------------------------------------

  metrics(query: MetricsQuery): Promise<MetricsResponse> {
    return this.call<MetricsResponse>('POST', '/api/v3/metrics', { body: query });
  }

  activeSessions(collectors: string[]): Promise<SessionsActive> {
    return this.call<SessionsActive>('GET', '/api/v3/session/active', { query: { collectors: collectors.join(',') } });
  }

  log(): Promise<string[]> {
    return this.call<string[]>('GET', '/api/v3/log');
  }

  skills(): Promise<Skills> {
    return this.call<Skills>('GET', '/api/v3/skills');
  }

  // ---- config ------------------------------------------------------------------------------

  config(): Promise<Config> {
    return this.call<Config>('GET', '/api/v3/config');
  }

  setConfig(config: ConfigData): Promise<unknown> {
    return this.call<unknown>('PUT', '/api/v3/config', { body: config });
  }

  reloadConfig(): Promise<unknown> {
    return this.call<unknown>('GET', '/api/v3/config/reload');
  }

  // ---- filesystems -------------------------------------------------------------------------

  filesystems(): Promise<FilesystemInfo[]> {
    return this.call<FilesystemInfo[]>('GET', '/api/v3/fs');
  }

  listFiles(fs: string, glob?: string): Promise<FileInfo[]> {
    return this.call<FileInfo[]>('GET', `/api/v3/fs/${encodeURIComponent(fs)}`, { query: { glob } });
  }

  deleteFile(fs: string, path: string): Promise<void> {
    return this.call<void>('DELETE', `/api/v3/fs/${encodeURIComponent(fs)}/${encodePath(path)}`);
  }

  /** PUT /api/v3/fs/{fs}/{path} with progress (XMLHttpRequest in a browser, base64 over IPC). */
  async upload(fs: string, path: string, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
    const url = `/api/v3/fs/${encodeURIComponent(fs)}/${encodePath(path)}`;
    // IPC moves strings: the bytes travel base64-encoded, read once however often the request is retried.
    let encoded: string | null = null;
    await this.authorized(async (token) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/data' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (this.uploader) return this.uploader({ url, headers, file, onProgress });
      encoded ??= bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      onProgress(0.5);
      const response = await this.transport({ method: 'PUT', url, headers, body: encoded, bodyEncoding: 'base64' });
      onProgress(1);
      return response;
    });
  }

  /** GET /api/v3/fs/{fs}/{path}: the file's bytes, with the token (works the same over IPC and fetch). */
  async download(fs: string, path: string): Promise<Blob> {
    const url = `/api/v3/fs/${encodeURIComponent(fs)}/${encodePath(path)}`;
    const response = await this.authorized((token) =>
      this.transport({ method: 'GET', url, headers: token ? { Authorization: `Bearer ${token}` } : {}, responseEncoding: 'base64' }),
    );
    const type = response.headers['content-type'] ?? 'application/octet-stream';
    const bytes = response.bodyEncoding === 'base64' ? base64ToBytes(response.body) : new TextEncoder().encode(response.body);
    return new Blob([bytes], { type });
  }
}

/** Browser uploader: XMLHttpRequest, because fetch() cannot report upload progress. */
export function xhrUploader(base: string): Uploader {
  return ({ url, headers, file, onProgress }) =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', base + url);
      for (const [key, value] of Object.entries(headers)) xhr.setRequestHeader(key, value);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        onProgress(1);
        resolve({ status: xhr.status, headers: {}, body: xhr.responseText });
      };
      xhr.onerror = () => reject(new Error('Upload failed: network error'));
      xhr.send(file);
    });
}
