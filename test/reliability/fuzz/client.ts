// Raw HTTP for fuzzing: paths go out exactly as generated (fetch would normalise "..", reject bad encodings),
// over a keep-alive agent so ten thousand requests do not cost ten thousand connections.
import http, { type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface RawRequest {
  method: string;
  /** Path and query, sent verbatim. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export class RawClient {
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;

  constructor(
    private readonly port: number,
    options: { sockets: number; timeoutMs: number },
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets });
    this.timeoutMs = options.timeoutMs;
  }

  send(request: RawRequest): Promise<RawResponse> {
    const started = performance.now();
    // Node frames a body of GET/HEAD/DELETE with neither Content-Length nor chunking: the server would read it as
    // the next request. Always say how long the body is.
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method: request.method, path: request.path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      if (request.headers.expect === '100-continue' && request.body !== undefined) {
        // As FFmpeg does: the body goes out only after "100 Continue". A final answer instead (a 401) ends the
        // exchange without it, and the connection, whose declared body never came, is not reused.
        req.flushHeaders();
        req.once('continue', () => req.end(request.body));
        req.once('response', (res) => res.once('end', () => req.destroy()));
      } else {
        req.end(request.body);
      }
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The body as text, unzipped when the server gzipped it (the fuzzer asks for gzip now and then). */
export function bodyText(response: RawResponse): string {
  return (response.headers['content-encoding'] === 'gzip' ? gunzipSync(response.body) : response.body).toString('utf8');
}
