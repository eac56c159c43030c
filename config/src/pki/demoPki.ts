import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import {
  issueCaCertificate,
  issuedBy,
  issueSigningCertificate,
  issueTlsCertificate,
  signingCommonName,
  subjectField,
  type Issuer,
} from './certificates';
import { readIfPresent, writeFileAtomic } from './files';
import { generateRsaKey, keyMatches, rsaKeyFromPem, type RsaKey } from './keys';
import { openPkcs12, packPkcs12 } from './pkcs12';

/**
 * The demo's PKI under one folder (`.data/pki/` at `npm start`): a root CA, the bridge's TLS
 * certificate and the institution's PAdES signing certificate. Created on the first call, reused
 * after; a leaf that has expired, expires within RENEW_WITHIN_DAYS or no longer matches (its key,
 * its CA, the institution) is issued again, and a new CA brings new leaves. Meant for one caller at
 * a time (`npm start`, or a test's own folder): two processes creating the same folder at once
 * could each keep a CA the other replaced.
 */

export const DEMO_PKI_FILES = {
  caKey: 'ca.key.pem',
  caCert: 'ca.crt.pem',
  tlsKey: 'tls.key.pem',
  tlsCert: 'tls.crt.pem',
  signingP12: 'signing.p12',
  signingPassphrase: 'signing.passphrase',
} as const;

/** Leaves are renewed this long before they expire, so that a running demo does not see one lapse. */
export const RENEW_WITHIN_DAYS = 30;

/** 3072 bits for the CA, which outlives 2030 (NIST SP 800-57); 2048 for leaves of two years at most. */
const CA_KEY_BITS = 3072;
const LEAF_KEY_BITS = 2048;

const PRIVATE = 0o600;
const PUBLIC = 0o644;

export interface DemoPkiOptions {
  /** The institution that signs reports: subject O of the signing certificate. */
  readonly institutionName: string;
  /** The clock; tests move it to see certificates expire. */
  readonly now?: Date;
}

export type DemoPkiPart = 'ca' | 'tls' | 'signing';

export interface DemoPki {
  readonly dir: string;
  readonly ca: { readonly certPath: string; readonly certPem: string };
  readonly tls: {
    readonly keyPath: string;
    readonly certPath: string;
    readonly keyPem: string;
    readonly certPem: string;
    readonly notAfter: Date;
  };
  readonly signing: {
    readonly p12Path: string;
    readonly passphrasePath: string;
    readonly p12: Buffer;
    readonly passphrase: string;
    /** The signing certificate alone, as it is in the PKCS#12 file. */
    readonly certPem: string;
    readonly notAfter: Date;
  };
  /** What this call created or renewed; empty when everything was reused. */
  readonly issued: readonly DemoPkiPart[];
}

const DAY_MS = 86_400_000;

function usable(certificate: forge.pki.Certificate, now: Date): boolean {
  const { notBefore, notAfter } = certificate.validity;
  return notBefore <= now && notAfter.getTime() - now.getTime() > RENEW_WITHIN_DAYS * DAY_MS;
}

/** Parses what a file should hold; null when it is missing or unreadable, so that it is made again. */
function parsed<T>(bytes: Buffer | null, parse: (text: string) => T): T | null {
  if (bytes === null) return null;
  try {
    return parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** A key with its certificate, and the certificate's PEM as the file holds it. */
interface KeyPair extends Issuer {
  readonly certPem: string;
}

/** The key and certificate in two PEM files, or null when either is missing, unreadable or not the other's. */
async function loadPair(keyPath: string, certPath: string): Promise<KeyPair | null> {
  const key = parsed(await readIfPresent(keyPath), rsaKeyFromPem);
  const certPem = (await readIfPresent(certPath))?.toString('utf8') ?? null;
  const certificate = parsed(certPem === null ? null : Buffer.from(certPem), forge.pki.certificateFromPem);
  if (key === null || certPem === null || certificate === null || !keyMatches(key, certificate)) return null;
  return { key, certificate, certPem };
}

async function writePair(keyPath: string, certPath: string, key: RsaKey, certPem: string): Promise<void> {
  // The key first: a crash before the certificate is written leaves a pair that does not match,
  // which the next call replaces.
  await writeFileAtomic(keyPath, key.pem, PRIVATE);
  await writeFileAtomic(certPath, certPem, PUBLIC);
}

async function loadCa(dir: string, now: Date): Promise<KeyPair | null> {
  const ca = await loadPair(join(dir, DEMO_PKI_FILES.caKey), join(dir, DEMO_PKI_FILES.caCert));
  if (ca === null || !issuedBy(ca.certificate, ca.certificate) || !usable(ca.certificate, now)) return null;
  return ca;
}

async function createCa(dir: string, now: Date): Promise<KeyPair> {
  const key = await generateRsaKey(CA_KEY_BITS);
  const { certificate, pem } = issueCaCertificate(key, now);
  await writePair(join(dir, DEMO_PKI_FILES.caKey), join(dir, DEMO_PKI_FILES.caCert), key, pem);
  return { key, certificate, certPem: pem };
}

async function loadTls(dir: string, ca: Issuer, now: Date): Promise<KeyPair | null> {
  const tls = await loadPair(join(dir, DEMO_PKI_FILES.tlsKey), join(dir, DEMO_PKI_FILES.tlsCert));
  if (tls === null || !issuedBy(tls.certificate, ca.certificate) || !usable(tls.certificate, now))
    return null;
  // One made before DICOM TLS served only servers; the demo storescu presents it as a client too.
  const eku = tls.certificate.getExtension('extKeyUsage') as { clientAuth?: boolean } | null;
  if (!eku?.clientAuth) return null;
  return tls;
}

async function createTls(dir: string, ca: Issuer, now: Date): Promise<KeyPair> {
  const key = await generateRsaKey(LEAF_KEY_BITS);
  const { certificate, pem } = issueTlsCertificate(key, ca, now);
  await writePair(join(dir, DEMO_PKI_FILES.tlsKey), join(dir, DEMO_PKI_FILES.tlsCert), key, pem);
  return { key, certificate, certPem: pem };
}

interface SigningFile {
  readonly p12: Buffer;
  readonly passphrase: string;
  readonly certificate: forge.pki.Certificate;
}

async function loadSigning(
  dir: string,
  ca: Issuer,
  institutionName: string,
  now: Date,
): Promise<SigningFile | null> {
  const p12 = await readIfPresent(join(dir, DEMO_PKI_FILES.signingP12));
  const passphrase = (await readIfPresent(join(dir, DEMO_PKI_FILES.signingPassphrase)))
    ?.toString('utf8')
    .trim();
  if (p12 === null || !passphrase) return null;
  let certificate: forge.pki.Certificate;
  try {
    certificate = openPkcs12(p12, passphrase).certificate;
  } catch {
    return null; // not a PKCS#12 file, or a passphrase of another one
  }
  const current =
    issuedBy(certificate, ca.certificate) &&
    usable(certificate, now) &&
    subjectField(certificate, 'O') === institutionName &&
    subjectField(certificate, 'CN') === signingCommonName(institutionName);
  return current ? { p12, passphrase, certificate } : null;
}

async function createSigning(
  dir: string,
  ca: Issuer,
  institutionName: string,
  now: Date,
): Promise<SigningFile> {
  const key = await generateRsaKey(LEAF_KEY_BITS);
  const { certificate } = issueSigningCertificate(key, ca, institutionName, now);
  const passphrase = randomBytes(24).toString('base64url');
  const p12 = packPkcs12(key, [certificate, ca.certificate], passphrase, signingCommonName(institutionName));
  // The passphrase first: a crash between the two leaves a file it does not open, made again next time.
  await writeFileAtomic(join(dir, DEMO_PKI_FILES.signingPassphrase), `${passphrase}\n`, PRIVATE);
  await writeFileAtomic(join(dir, DEMO_PKI_FILES.signingP12), p12, PRIVATE);
  return { p12, passphrase, certificate };
}

export async function ensureDemoPki(dir: string, options: DemoPkiOptions): Promise<DemoPki> {
  const institutionName = options.institutionName.trim();
  if (institutionName === '')
    throw new Error('ensureDemoPki needs an institution name for the signing certificate');
  const now = options.now ?? new Date();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const issued: DemoPkiPart[] = [];

  let ca = await loadCa(dir, now);
  if (ca === null) {
    ca = await createCa(dir, now);
    issued.push('ca');
  }
  let tls = await loadTls(dir, ca, now);
  if (tls === null) {
    tls = await createTls(dir, ca, now);
    issued.push('tls');
  }
  let signing = await loadSigning(dir, ca, institutionName, now);
  if (signing === null) {
    signing = await createSigning(dir, ca, institutionName, now);
    issued.push('signing');
  }

  return {
    dir,
    ca: { certPath: join(dir, DEMO_PKI_FILES.caCert), certPem: ca.certPem },
    tls: {
      keyPath: join(dir, DEMO_PKI_FILES.tlsKey),
      certPath: join(dir, DEMO_PKI_FILES.tlsCert),
      keyPem: tls.key.pem,
      certPem: tls.certPem,
      notAfter: tls.certificate.validity.notAfter,
    },
    signing: {
      p12Path: join(dir, DEMO_PKI_FILES.signingP12),
      passphrasePath: join(dir, DEMO_PKI_FILES.signingPassphrase),
      p12: signing.p12,
      passphrase: signing.passphrase,
      certPem: forge.pki.certificateToPem(signing.certificate),
      notAfter: signing.certificate.validity.notAfter,
    },
    issued,
  };
}
