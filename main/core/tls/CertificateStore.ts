// Let's Encrypt state under <db.dir>/cert: ACME account keys and, per set of host names, the key, the full chain and its expiry.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomicWrite.js';
import { checkCertificatePair, TlsCertificateError, type CertKeyPair, type LoadedCertificate } from './certificate.js';

/**
 * Layout (one subtree per ACME directory, so staging/test certificates never stand in for production ones):
 *
 *   <dir>/acme/<issuer>/accounts/<email>.key          account private key (0600)
 *   <dir>/acme/<issuer>/accounts/<email>.json         { email, url, created_at }
 *   <dir>/acme/<issuer>/certificates/<names>/privkey.pem     certificate key (0600)
 *   <dir>/acme/<issuer>/certificates/<names>/fullchain.pem   leaf + intermediates
 *   <dir>/acme/<issuer>/certificates/<names>/certificate.json { names, serial_number, not_before, not_after, obtained_at, directory_url }
 *
 * <issuer> is derived from the directory URL, <names> from the sorted host names.
 */
export interface StoredCertificate extends LoadedCertificate {
  /** The names the certificate was ordered for, sorted. */
  names: string[];
  obtainedAt: Date;
}

export interface StoredAccount {
  /** PEM private key of the ACME account. */
  key: string;
  /** Account URL the CA returned (informational: the key identifies the account). */
  url?: string;
}

interface CertificateMeta {
  names: string[];
  serial_number: string;
  not_before: string;
  not_after: string;
  obtained_at: string;
  directory_url: string;
}

const KEY_MODE = 0o600;
const PUBLIC_MODE = 0o644;
const DIR_MODE = 0o700;

export class CertificateStore {
  /** `dir` is the certificate directory itself; use `CertificateStore.inDbDir(db.dir)` for Core's `<db.dir>/cert`. */
  constructor(readonly dir: string) {}

  static inDbDir(dbDir: string): CertificateStore {
    return new CertificateStore(path.join(dbDir, 'cert'));
  }

  /** The folder holding the certificate for `names` issued through `directoryUrl`. */
  certificateDir(directoryUrl: string, names: string[]): string {
    return path.join(this.issuerDir(directoryUrl), 'certificates', namesKey(names));
  }

  /**
   * The stored certificate for exactly this set of names, or undefined when there is none.
   * Throws TlsCertificateError when the entry exists but is damaged (unreadable, key does not match, other names).
   */
  async loadCertificate(directoryUrl: string, names: string[]): Promise<StoredCertificate | undefined> {
    const dir = this.certificateDir(directoryUrl, names);
    const [key, cert, metaText] = await Promise.all(
      ['privkey.pem', 'fullchain.pem', 'certificate.json'].map((file) => readOptional(path.join(dir, file))),
    );
    if (key === undefined && cert === undefined && metaText === undefined) return undefined;
    if (key === undefined || cert === undefined || metaText === undefined) {
      throw new TlsCertificateError(`stored certificate in "${dir}" is incomplete`);
    }
    let meta: CertificateMeta;
    try {
      meta = JSON.parse(metaText) as CertificateMeta;
    } catch (err) {
      throw new TlsCertificateError(`stored certificate metadata "${path.join(dir, 'certificate.json')}" is not valid JSON: ${(err as Error).message}`);
    }
    const info = checkCertificatePair({ cert, key }, { cert: `stored certificate "${path.join(dir, 'fullchain.pem')}"`, key: `stored key "${path.join(dir, 'privkey.pem')}"` });
    const wanted = normalizeNames(names);
    if (!Array.isArray(meta.names) || normalizeNames(meta.names).join(' ') !== wanted.join(' ')) {
      throw new TlsCertificateError(`stored certificate in "${dir}" is for other names (${String(meta.names)}), not ${wanted.join(', ')}`);
    }
    const obtainedAt = new Date(meta.obtained_at);
    return { cert, key, info, names: wanted, obtainedAt: Number.isNaN(obtainedAt.getTime()) ? info.notBefore : obtainedAt };
  }

  /** Checks the pair and writes it atomically (key first, metadata last), replacing an older certificate for the same names. */
  async saveCertificate(directoryUrl: string, names: string[], pair: CertKeyPair, obtainedAt = new Date()): Promise<StoredCertificate> {
    const info = checkCertificatePair(pair);
    const sorted = normalizeNames(names);
    const dir = this.certificateDir(directoryUrl, sorted);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const meta: CertificateMeta = {
      names: sorted,
      serial_number: info.serialNumber,
      not_before: info.notBefore.toISOString(),
      not_after: info.notAfter.toISOString(),
      obtained_at: obtainedAt.toISOString(),
      directory_url: directoryUrl,
    };
    writeFileAtomic(path.join(dir, 'privkey.pem'), pair.key, KEY_MODE);
    writeFileAtomic(path.join(dir, 'fullchain.pem'), pair.cert, PUBLIC_MODE);
    writeFileAtomic(path.join(dir, 'certificate.json'), JSON.stringify(meta, null, 2) + '\n', PUBLIC_MODE);
    return { cert: pair.cert, key: pair.key, info, names: sorted, obtainedAt };
  }

  async loadAccount(directoryUrl: string, email: string): Promise<StoredAccount | undefined> {
    const base = this.accountBase(directoryUrl, email);
    const key = await readOptional(`${base}.key`);
    if (key === undefined) return undefined;
    const metaText = await readOptional(`${base}.json`);
    let url: string | undefined;
    try {
      const meta = metaText === undefined ? undefined : (JSON.parse(metaText) as { url?: unknown });
      if (typeof meta?.url === 'string') url = meta.url;
    } catch {
      // the key is what matters; a damaged sidecar only loses the informational URL
    }
    return url === undefined ? { key } : { key, url };
  }

  async saveAccount(directoryUrl: string, email: string, account: StoredAccount): Promise<void> {
    const base = this.accountBase(directoryUrl, email);
    await mkdir(path.dirname(base), { recursive: true, mode: DIR_MODE });
    writeFileAtomic(`${base}.key`, account.key, KEY_MODE);
    const meta = { email, url: account.url ?? null, created_at: new Date().toISOString() };
    writeFileAtomic(`${base}.json`, JSON.stringify(meta, null, 2) + '\n', PUBLIC_MODE);
  }

  private issuerDir(directoryUrl: string): string {
    return path.join(this.dir, 'acme', issuerKey(directoryUrl));
  }

  private accountBase(directoryUrl: string, email: string): string {
    return path.join(this.issuerDir(directoryUrl), 'accounts', safeSegment(email.trim().toLowerCase() || 'default'));
  }
}

/** Lower-cased, trimmed, de-duplicated, sorted: the identity of a certificate's name set. */
export function normalizeNames(names: string[]): string[] {
  return [...new Set(names.map((name) => name.trim().toLowerCase().replace(/\.$/, '')).filter((name) => name !== ''))].sort();
}

/** A folder name for an ACME directory URL, e.g. "acme-v02.api.letsencrypt.org-directory". */
export function issuerKey(directoryUrl: string): string {
  let key: string;
  try {
    const url = new URL(directoryUrl);
    key = `${url.host}${url.pathname}`;
  } catch {
    key = directoryUrl;
  }
  return safeSegment(key.replace(/\/+$/, '').replace(/\//g, '-'));
}

function namesKey(names: string[]): string {
  const joined = safeSegment(normalizeNames(names).join('+').replace(/\*/g, '_wildcard_'));
  if (joined.length <= 100) return joined;
  // Long name lists would exceed file-name limits: keep the first name readable, make the rest a hash.
  const hash = createHash('sha256').update(normalizeNames(names).join('\n')).digest('hex').slice(0, 16);
  return `${joined.slice(0, 80)}+${hash}`;
}

function safeSegment(value: string): string {
  const safe = value.replace(/[^a-zA-Z0-9.@+_-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TlsCertificateError(`cannot read "${file}": ${(err as Error).message}`);
  }
}
