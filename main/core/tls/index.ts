// The TLS module: own certificate files, Let's Encrypt (ACME HTTP-01) certificates and hot-swappable server contexts.
export {
  certificateCovers,
  checkCertificatePair,
  describeCertificate,
  loadCertificateFiles,
  splitPemCertificates,
  TlsCertificateError,
  type CertificateInfo,
  type CertKeyPair,
  type LoadedCertificate,
} from './certificate.js';
export { CertificateStore, issuerKey, normalizeNames, type StoredAccount, type StoredCertificate } from './CertificateStore.js';
export {
  ACME_DIRECTORY_ENV,
  AcmeError,
  AcmeManager,
  acmeDirectoryFromEnv,
  LETS_ENCRYPT_DIRECTORY,
  type AcmeManagerOptions,
} from './AcmeManager.js';
export { httpsOptionsFor, SecureContextHolder } from './SecureContextHolder.js';
