// Starts pebble (Let's Encrypt's ACME test server) on free 127.0.0.1 ports, with its own throw-away HTTPS certificate.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPebble {
  /** The ACME directory (https://127.0.0.1:<port>/dir). */
  directoryUrl: string;
  /** PEM of the CA that signed pebble's own HTTPS certificate: trust it to talk to the directory. */
  caBundle: string;
  /** Pebble's management interface (same HTTPS certificate). */
  managementUrl: string;
  /** The root that pebble issues under (regenerated each start): trust it to verify issued certificates. */
  rootCertificate(): Promise<string>;
  /** What pebble printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface PebbleOptions {
  /** The port pebble connects to for HTTP-01 validation (where the test's challenge server listens). */
  httpPort: number;
  /** Resolve every name to 127.0.0.1 through pebble-challtestsrv instead of the system resolver. */
  mockDns?: boolean;
  /** Percentage of orders that reuse a still-valid authorization (pebble's default is 50). */
  authzReuse?: number;
}

export async function startPebble(options: PebbleOptions): Promise<TestPebble> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pebble-'));
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const caBundle = await makeServerCertificate(dir);
    const [acmePort, managementPort, tlsPort, dnsPort, dnsManagementPort] = await freePorts(5);
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: path.join(dir, 'server.pem'),
        privateKey: path.join(dir, 'server.key'),
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    };
    await writeFile(path.join(dir, 'pebble-config.json'), JSON.stringify(config));

    const args = ['-config', path.join(dir, 'pebble-config.json')];
    if (options.mockDns) {
      const dns = spawn(
        'pebble-challtestsrv',
        ['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-management', `127.0.0.1:${dnsManagementPort}`, '-http01', '', '-https01', '', '-tlsalpn01', ''],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(dns);
      collect(dns, logs, 'challtestsrv');
      args.push('-dnsserver', `127.0.0.1:${dnsPort}`);
    }
    const pebble = spawn('pebble', args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_WFE_NONCEREJECT: '0',
        PEBBLE_AUTHZREUSE: String(options.authzReuse ?? 0),
      },
    });
    children.push(pebble);
    collect(pebble, logs, 'pebble');

    const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
    const managementUrl = `https://127.0.0.1:${managementPort}`;
    await waitUntilServing(directoryUrl, caBundle, pebble, logs);
    return {
      directoryUrl,
      caBundle,
      managementUrl,
      rootCertificate: async () => {
        const response = await httpsGet(`${managementUrl}/roots/0`, caBundle);
        if (response.status !== 200) throw new Error(`pebble /roots/0 answered ${response.status}`);
        return response.body;
      },
      output: () => logs.join(''),
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`pebble did not start: ${(err as Error).message}\n${logs.join('')}`);
  }
}

/** A GET over HTTPS that trusts `ca`. */
export function httpsGet(url: string, ca: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** A CA and a certificate for 127.0.0.1/localhost signed by it; returns the CA's PEM. */
async function makeServerCertificate(dir: string): Promise<string> {
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=pebble test directory CA']);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  await run('openssl', [
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'),
  ]);
  return readFile(file('ca.pem'), 'utf8');
}

/** Ports that were free a moment ago (all held at once so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function collect(child: ChildProcess, logs: string[], label: string): void {
  const append = (chunk: Buffer) => logs.push(`[${label}] ${chunk.toString()}`);
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
}

async function waitUntilServing(directoryUrl: string, ca: string, pebble: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (pebble.exitCode !== null || pebble.signalCode !== null) throw new Error(`pebble exited (${pebble.exitCode ?? pebble.signalCode})`);
    try {
      const response = await httpsGet(directoryUrl, ca, 1000);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${directoryUrl}\n${logs.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
