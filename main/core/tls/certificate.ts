// Certificates as PEM text: reading own cert/key files, checking that a key belongs to a certificate, reading names and expiry.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** A certificate chain (leaf first, PEM) and its private key (PEM): what an https/tls server needs. */
export interface CertKeyPair {
  cert: string;
  key: string;
}

/** What the engine needs to know about a leaf certificate. */
export interface CertificateInfo {
  /** DNS names (and IP addresses) from subjectAltName, or the subject CN when there are none. */
  names: string[];
  notBefore: Date;
  notAfter: Date;
  /** Upper-case hex, as Node's X509Certificate reports it. */
  serialNumber: string;
  issuer: string;
}

export interface LoadedCertificate extends CertKeyPair {
  info: CertificateInfo;
}

/** A certificate or key that cannot be used; the message names the file (or store entry) and the reason. */
export class TlsCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsCertificateError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----/;

/** The PEM blocks of a chain, leaf first, each ending in a newline. */
export function splitPemCertificates(pem: string): string[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block) => `${block}\n`);
}

/** Names, validity and serial of the leaf (first) certificate of a PEM chain. */
export function describeCertificate(certPem: string, label = 'certificate'): CertificateInfo {
  return infoOf(parseLeaf(certPem, label));
}

/**
 * Checks that `pair.cert` holds at least one PEM certificate, `pair.key` a PEM private key, and that the key
 * is the leaf certificate's key. `labels` say where each came from, for the error messages.
 */
export function checkCertificatePair(pair: CertKeyPair, labels: { cert: string; key: string } = { cert: 'certificate', key: 'key' }): CertificateInfo {
  const leaf = parseLeaf(pair.cert, labels.cert);
  const key = parseKey(pair.key, labels.key);
  if (!leaf.checkPrivateKey(key)) {
    throw new TlsCertificateError(`${labels.cert} and ${labels.key} do not belong together: the private key does not match the certificate's public key`);
  }
  return infoOf(leaf);
}

/**
 * Reads an own certificate (tls.cert_file, PEM chain) and key (tls.key_file, PEM) and checks that they match.
 * Throws TlsCertificateError naming the file when one is missing, unreadable, not PEM, or the pair does not match.
 */
export async function loadCertificateFiles(certFile: string, keyFile: string): Promise<LoadedCertificate> {
  if (certFile.trim() === '') throw new TlsCertificateError('no TLS certificate file given (tls.cert_file is empty)');
  if (keyFile.trim() === '') throw new TlsCertificateError('no TLS key file given (tls.key_file is empty)');
  const cert = await readText(certFile, 'TLS certificate file');
  const key = await readText(keyFile, 'TLS key file');
  const info = checkCertificatePair({ cert, key }, { cert: `TLS certificate file "${certFile}"`, key: `TLS key file "${keyFile}"` });
  return { cert, key, info };
}

/** True when every one of `names` is covered by the certificate (exact or wildcard match). */
export function certificateCovers(certPem: string, names: string[]): boolean {
  let leaf: X509Certificate;
  try {
    leaf = parseLeaf(certPem, 'certificate');
  } catch {
    return false;
  }
  return names.every((name) => leaf.checkHost(name) !== undefined);
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new TlsCertificateError(`cannot read ${what} "${file}": ${reason}`);
  }
}

function parseLeaf(certPem: string, label: string): X509Certificate {
  const blocks = splitPemCertificates(certPem);
  if (blocks.length === 0) {
    const hint = PEM_PRIVATE_KEY.test(certPem) ? ' (it holds a private key: are the certificate and key files swapped?)' : '';
    throw new TlsCertificateError(`${label} does not contain a PEM certificate ("-----BEGIN CERTIFICATE-----")${hint}`);
  }
  try {
    return new X509Certificate(blocks[0]!);
  } catch (err) {
    throw new TlsCertificateError(`${label} contains an invalid PEM certificate: ${(err as Error).message}`);
  }
}

function parseKey(keyPem: string, label: string): KeyObject {
  if (!PEM_PRIVATE_KEY.test(keyPem)) {
    const hint = splitPemCertificates(keyPem).length > 0 ? ' (it holds a certificate: are the certificate and key files swapped?)' : '';
    throw new TlsCertificateError(`${label} does not contain a PEM private key ("-----BEGIN … PRIVATE KEY-----")${hint}`);
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyPem)) {
    throw new TlsCertificateError(`${label} holds an encrypted private key; only unencrypted keys are supported`);
  }
  try {
    return createPrivateKey(keyPem);
  } catch (err) {
    throw new TlsCertificateError(`${label} contains an invalid PEM private key: ${(err as Error).message}`);
  }
}

function infoOf(leaf: X509Certificate): CertificateInfo {
  return {
    names: namesOf(leaf),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    serialNumber: leaf.serialNumber.toUpperCase(),
    issuer: leaf.issuer,
  };
}

function namesOf(leaf: X509Certificate): string[] {
  const names = (leaf.subjectAltName ?? '')
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((name): name is string => name !== undefined && name !== '');
  if (names.length > 0) return names;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1];
  return cn ? [cn] : [];
}
