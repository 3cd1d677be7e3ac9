// tls.auto: obtains and renews a Let's Encrypt (ACME) certificate for all host.name entries via HTTP-01 challenges.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type acmeClient from 'acme-client';
import type { Logger } from '../log/Logger.js';
import type { LoadedCertificate } from './certificate.js';
import type { CertificateStore, StoredCertificate } from './CertificateStore.js';

/** Let's Encrypt production, as upstream Core uses. */
export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';

/**
 * Environment variable that points tls.auto at another ACME directory (Let's Encrypt staging, a private CA,
 * pebble in tests). Not part of Core's config file; unset or empty means Let's Encrypt production.
 */
export const ACME_DIRECTORY_ENV = 'CORE_TLS_ACME_DIRECTORY';

export function acmeDirectoryFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[ACME_DIRECTORY_ENV]?.trim();
  return value ? value : LETS_ENCRYPT_DIRECTORY;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const RENEWAL_CHECK_INTERVAL_MS = 12 * 60 * 60 * 1000;
/** Bounds every single request to the ACME directory; acme-client itself has no timeout. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface AcmeManagerOptions {
  /** ACME directory; default Let's Encrypt production (see acmeDirectoryFromEnv). */
  directoryUrl?: string;
  /** Contact address for the ACME account (tls.email); empty = no contact. */
  email: string;
  /** host.name: every name goes into the one certificate and must resolve to this host. */
  names: string[];
  store: CertificateStore;
  logger: Logger;
  /** Extra CA (PEM) trusted for HTTPS connections to the ACME directory only; tests pass pebble's. */
  caBundle?: string;
  /** Renew when the certificate expires within this many days. Default 30. */
  renewBeforeDays?: number;
  /** Clock for expiry decisions. Default: the system clock. */
  now?: () => Date;
  /** How often startRenewal() checks the expiry. Default twice a day. */
  renewalCheckIntervalMs?: number;
  /** Polling of challenge/order status: first retry delay (doubling up to 30 s) and attempts. Default 5000 ms, 10. */
  pollIntervalMs?: number;
  pollAttempts?: number;
}

/** A certificate could not be obtained; the message says which step or which name failed and why. */
export class AcmeError extends Error {
  /** The names whose HTTP-01 validation failed (empty when another step failed). */
  readonly failedNames: string[];

  constructor(message: string, failedNames: string[] = []) {
    super(message);
    this.name = 'AcmeError';
    this.failedNames = failedNames;
  }
}

type Acme = typeof acmeClient;
type Client = InstanceType<Acme['Client']>;

let acmeModule: Promise<Acme> | null = null;
/** acme-client brings node-forge, axios and x509 (~1.3 MB of code): load it when a certificate is ordered. */
const loadAcme = (): Promise<Acme> => (acmeModule ??= import('acme-client').then((module) => module.default));
type Authorization = Awaited<ReturnType<Client['getAuthorizations']>>[number];

export class AcmeManager {
  readonly directoryUrl: string;
  /** The names as configured (first one becomes the subject CN), lower-cased and without duplicates. */
  readonly names: string[];
  private readonly email: string;
  private readonly store: CertificateStore;
  private readonly logger: Logger;
  private readonly caBundle: string | undefined;
  private readonly renewBeforeMs: number;
  private readonly now: () => Date;
  private readonly renewalCheckIntervalMs: number;
  private readonly pollIntervalMs: number;
  private readonly pollAttempts: number;
  /** token → key authorization, for the HTTP listener's /.well-known/acme-challenge/:token. */
  private readonly challenges = new Map<string, string>();
  private inflight: Promise<StoredCertificate> | undefined;
  private current: StoredCertificate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private onRenewed: ((certificate: LoadedCertificate) => void) | undefined;
  /** Serial of the certificate the caller is serving (from obtain() before startRenewal, then from onRenewed). */
  private deliveredSerial: string | undefined;
  private checking = false;

  constructor(options: AcmeManagerOptions) {
    this.directoryUrl = options.directoryUrl?.trim() || LETS_ENCRYPT_DIRECTORY;
    try {
      const url = new URL(this.directoryUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      throw new AcmeError(`ACME directory "${this.directoryUrl}" is not an http(s) URL`);
    }
    const seen = new Set<string>();
    this.names = options.names
      .map((name) => name.trim().toLowerCase().replace(/\.$/, ''))
      .filter((name) => name !== '' && !seen.has(name) && seen.add(name));
    if (this.names.length === 0) throw new AcmeError('Let\'s Encrypt needs at least one host name (host.name is empty)');
    this.email = options.email.trim();
    this.store = options.store;
    this.logger = options.logger;
    this.caBundle = options.caBundle;
    this.renewBeforeMs = (options.renewBeforeDays ?? 30) * DAY_MS;
    this.now = options.now ?? (() => new Date());
    this.renewalCheckIntervalMs = options.renewalCheckIntervalMs ?? RENEWAL_CHECK_INTERVAL_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.pollAttempts = options.pollAttempts ?? 10;
  }

  /** The key authorization to send for GET /.well-known/acme-challenge/<token>, while that challenge is open. */
  challengeResponse(token: string): string | undefined {
    return this.challenges.get(token);
  }

  /** The certificate last returned by obtain(), if any. */
  get certificate(): LoadedCertificate | undefined {
    return this.current;
  }

  /**
   * The certificate for all names: the stored one while it is valid and not within renewBeforeDays of expiry,
   * otherwise a newly ordered one (then stored). When ordering fails but the stored one has not expired yet, that
   * one is returned (with a warning). Concurrent calls share one attempt. Rejects with AcmeError.
   */
  obtain(): Promise<LoadedCertificate> {
    this.inflight ??= this.obtainOnce().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Checks the expiry twice a day (unref'd timer) and renews when due; `onRenewed` gets every certificate that
   * differs from the one obtain() returned before (swap it into the running servers). Failures are logged and
   * retried at the next check while the current certificate stays in use.
   */
  startRenewal(onRenewed: (certificate: LoadedCertificate) => void): void {
    this.stopTimer();
    this.onRenewed = onRenewed;
    this.deliveredSerial = this.current?.info.serialNumber;
    this.timer = setInterval(() => void this.checkRenewal(), this.renewalCheckIntervalMs);
    this.timer.unref();
  }

  /** One renewal check (what the timer runs). Resolves true when a new certificate was handed to onRenewed; never rejects. */
  async checkRenewal(): Promise<boolean> {
    if (this.checking) return false;
    this.checking = true;
    try {
      let certificate: LoadedCertificate;
      try {
        certificate = await this.obtain();
      } catch (err) {
        const expires = this.current?.info.notAfter.toISOString();
        this.logger.warn('Certificate renewal failed, keeping the current certificate until the next check', { error: (err as Error).message, expires });
        return false;
      }
      if (!this.onRenewed || certificate.info.serialNumber === this.deliveredSerial) return false;
      this.deliveredSerial = certificate.info.serialNumber;
      try {
        this.onRenewed(certificate);
      } catch (err) {
        this.logger.error('Installing the renewed certificate failed', { error: (err as Error).message });
      }
      return true;
    } finally {
      this.checking = false;
    }
  }

  stop(): void {
    this.stopTimer();
    this.onRenewed = undefined;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private isDue(certificate: StoredCertificate): boolean {
    return this.now().getTime() >= certificate.info.notAfter.getTime() - this.renewBeforeMs;
  }

  private async obtainOnce(): Promise<StoredCertificate> {
    const stored = await this.loadStored();
    if (stored && !this.isDue(stored)) {
      if (this.current?.info.serialNumber !== stored.info.serialNumber) {
        this.logger.info('Using stored certificate', { names: this.names, expires: stored.info.notAfter.toISOString() });
      }
      this.current = stored;
      return stored;
    }
    if (stored) {
      this.logger.info('Certificate is due for renewal', { names: this.names, expires: stored.info.notAfter.toISOString() });
    }
    try {
      const fresh = await this.order();
      this.logger.info('Certificate obtained', { names: this.names, expires: fresh.info.notAfter.toISOString(), serial: fresh.info.serialNumber });
      this.current = fresh;
      return fresh;
    } catch (err) {
      if (stored && this.now().getTime() < stored.info.notAfter.getTime()) {
        // Renewal is early by design: a CA outage must not take down a certificate that is still valid.
        this.logger.warn('Renewing the certificate failed, using the stored one until it expires', {
          names: this.names,
          expires: stored.info.notAfter.toISOString(),
          error: (err as Error).message,
        });
        this.current = stored;
        return stored;
      }
      this.logger.error('Obtaining a certificate failed', { names: this.names, error: (err as Error).message });
      throw err;
    }
  }

  private async loadStored(): Promise<StoredCertificate | undefined> {
    try {
      return await this.store.loadCertificate(this.directoryUrl, this.names);
    } catch (err) {
      this.logger.warn('Ignoring unusable stored certificate, ordering a new one', { error: (err as Error).message });
      return undefined;
    }
  }

  private async order(): Promise<StoredCertificate> {
    this.logger.info('Requesting certificate', { names: this.names, directory: this.directoryUrl });
    const acme = await loadAcme();
    const transport = this.installTransport(acme);
    let step = 'reach the ACME directory';
    try {
      await probeDirectory(this.directoryUrl, transport.agent);
      step = 'load the account key';
      const stored = await this.store.loadAccount(this.directoryUrl, this.email);
      const accountKey = stored?.key ?? (await acme.crypto.createPrivateEcdsaKey()).toString();
      const client = new acme.Client({
        directoryUrl: this.directoryUrl,
        accountKey,
        backoffMin: this.pollIntervalMs,
        backoffMax: Math.max(this.pollIntervalMs, 30_000),
        backoffAttempts: this.pollAttempts,
      });

      step = 'register the ACME account';
      // newAccount with a known key returns the existing account, so the key alone identifies it (also after a CA reset).
      await client.createAccount({ termsOfServiceAgreed: true, ...(this.email ? { contact: [`mailto:${this.email}`] } : {}) });
      if (!stored) {
        step = 'store the account key';
        await this.store.saveAccount(this.directoryUrl, this.email, { key: accountKey, url: client.getAccountUrl() });
      }

      step = 'create the order';
      const order = await client.createOrder({ identifiers: this.names.map((value) => ({ type: 'dns', value })) });
      step = 'fetch the authorizations';
      const authorizations = await client.getAuthorizations(order);
      step = 'validate the names';
      await this.validateAll(client, authorizations);

      step = 'finalize the order';
      const commonName = this.names.find((name) => name.length <= 64);
      const [key, csr] = await acme.crypto.createCsr(
        { ...(commonName ? { commonName } : {}), altNames: [...this.names] },
        await acme.crypto.createPrivateEcdsaKey(),
      );
      const finalized = await client.finalizeOrder(order, csr);
      step = 'download the certificate';
      const cert = await client.getCertificate(finalized);

      step = 'store the certificate';
      return await this.store.saveCertificate(this.directoryUrl, this.names, { cert, key: key.toString() }, this.now());
    } catch (err) {
      if (err instanceof AcmeError) throw err;
      throw new AcmeError(`ACME certificate request for ${this.names.join(', ')} (${this.directoryUrl}) failed to ${step}: ${describeError(err)}`);
    } finally {
      transport.restore();
    }
  }

  private async validateAll(client: Client, authorizations: Authorization[]): Promise<void> {
    const results = await Promise.allSettled(authorizations.map((authz) => this.validate(client, authz)));
    const failures = results.flatMap((result, index) =>
      result.status === 'rejected' ? [{ name: authorizations[index]!.identifier.value, reason: describeError(result.reason) }] : [],
    );
    if (failures.length === 0) return;
    for (const failure of failures) this.logger.warn('HTTP-01 validation failed', { name: failure.name, error: failure.reason });
    const list = failures.map((failure) => `"${failure.name}": ${failure.reason}`).join('; ');
    throw new AcmeError(
      `HTTP-01 validation failed for ${list} (the CA must reach http://<name>/.well-known/acme-challenge/<token> on port 80 of this host, answered by the HTTP listener)`,
      failures.map((failure) => failure.name),
    );
  }

  private async validate(client: Client, authz: Authorization): Promise<void> {
    const name = authz.identifier.value;
    if (authz.status === 'valid') {
      this.logger.debug('Authorization still valid, no challenge needed', { name });
      return;
    }
    if (authz.status !== 'pending') throw new Error(`authorization is ${authz.status}`);
    const challenge = authz.challenges.find((candidate) => candidate.type === 'http-01');
    if (!challenge) throw new Error(`the CA offered no http-01 challenge (offered: ${authz.challenges.map((c) => c.type).join(', ') || 'none'})`);
    const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
    this.challenges.set(challenge.token, keyAuthorization);
    try {
      this.logger.debug('Answering HTTP-01 challenge', { name });
      await client.completeChallenge(challenge);
      await client.waitForValidStatus(challenge);
    } catch (err) {
      const message = (err as Error).message;
      throw new Error(message === 'Operation is pending or processing' ? 'the CA did not finish validating in time' : message);
    } finally {
      this.challenges.delete(challenge.token);
    }
  }

  /**
   * acme-client talks through one shared axios instance; while an order runs, requests to this manager's
   * directory origin get a timeout and, when configured, an agent that also trusts `caBundle`.
   */
  private installTransport(acme: Acme): { agent: https.Agent | undefined; restore: () => void } {
    const origin = new URL(this.directoryUrl).origin;
    const agent = this.caBundle ? new https.Agent({ ca: [...tls.rootCertificates, this.caBundle] }) : undefined;
    const id = acme.axios.interceptors.request.use((config) => {
      const url = config.url ?? '';
      if (url === origin || url.startsWith(`${origin}/`)) {
        if (agent) config.httpsAgent = agent;
        if (!config.timeout) config.timeout = REQUEST_TIMEOUT_MS;
      }
      return config;
    });
    return {
      agent,
      restore: () => {
        acme.axios.interceptors.request.eject(id);
        agent?.destroy();
      },
    };
  }
}

/** One plain GET of the directory, so an unreachable CA is reported as such (acme-client's retry path loses the cause). */
function probeDirectory(directoryUrl: string, agent: https.Agent | undefined): Promise<void> {
  const url = new URL(directoryUrl);
  const get = url.protocol === 'http:' ? http.get : https.get;
  return new Promise((resolve, reject) => {
    const request = get(url, { ...(agent && url.protocol === 'https:' ? { agent } : {}), timeout: REQUEST_TIMEOUT_MS }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`the directory answered HTTP ${status}`));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // acme-client 5 turns a request that failed without any response (after its retries) into this TypeError.
  if (err instanceof TypeError && err.message.includes("reading 'config'")) return 'the connection to the ACME directory failed repeatedly';
  const code = (err as NodeJS.ErrnoException).code;
  const message = err.message || code || err.name;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
