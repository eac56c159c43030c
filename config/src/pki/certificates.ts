import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { RsaKey } from './keys';

/**
 * The demo PKI's three certificates, built with node-forge: a root CA, the bridge's TLS server
 * certificate and an institution's document-signing certificate. SHA-256 signatures throughout.
 */

/** Marks every subject: nobody should mistake these for an institution's real certificates. */
export const DEMO_MARK = 'DEMO ONLY - not for clinical use';
export const DEMO_CA_NAME = 'Sentinelle Demo CA';

/** Microsoft's Document Signing EKU, which Adobe and Windows accept for PDF signatures. */
export const DOCUMENT_SIGNING_EKU = '1.3.6.1.4.1.311.10.3.12';

/** The names the bridge answers to on loopback. */
export const TLS_DNS_NAMES = ['localhost'] as const;
export const TLS_IP_ADDRESSES = ['127.0.0.1', '::1'] as const;

const DAY_MS = 86_400_000;
export const CA_VALIDITY_DAYS = 3650;
/** Within the 398 days browsers accept for a server certificate. */
export const TLS_VALIDITY_DAYS = 397;
export const SIGNING_VALIDITY_DAYS = 730;
/** Issued certificates start a little in the past so that a client's clock skew does not reject them. */
const BACKDATE_MS = 3_600_000;

interface SubjectField {
  readonly shortName: 'CN' | 'O' | 'OU';
  readonly value: string;
}

export interface IssuedCertificate {
  readonly certificate: forge.pki.Certificate;
  readonly pem: string;
}

export interface Issuer {
  readonly certificate: forge.pki.Certificate;
  readonly key: RsaKey;
}

// @types/node-forge types valueTagClass as asn1.Class; forge reads it as the value's universal type.
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

/** UTF8String attributes (RFC 5280 §4.1.2.4), so that "Hôpital" or an en dash stays intact. */
function names(fields: readonly SubjectField[]): forge.pki.CertificateField[] {
  return fields.map(({ shortName, value }) => ({ shortName, value, valueTagClass: UTF8 }));
}

/**
 * The subject of a certificate forge parsed, in the form forge's encoder expects. Parsing keeps
 * UTF8String values as raw UTF-8 bytes while encoding UTF-8-encodes them again, so an issuer name
 * taken as is from a parsed CA would come out double-encoded and match no CA.
 */
function reencodable(attributes: readonly forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return attributes.map((attribute) => {
    const { name, type, shortName, valueTagClass, value } = attribute;
    const decoded =
      valueTagClass === UTF8 && typeof value === 'string' ? forge.util.decodeUtf8(value) : value;
    return { name, type, shortName, valueTagClass, value: decoded } as forge.pki.CertificateField;
  });
}

/** A random positive 128-bit serial number (RFC 5280 asks for at most 20 octets, unpredictable). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40; // positive, and no leading zero octet to strip
  return bytes.toString('hex');
}

/** SHA-1 of the RSAPublicKey, RFC 5280 §4.2.1.2 method (1): what forge puts in subjectKeyIdentifier. */
function keyIdentifier(key: forge.pki.rsa.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(key, { type: 'RSAPublicKey' }).getBytes();
}

interface CertificateSpec {
  readonly subject: readonly SubjectField[];
  readonly key: RsaKey;
  /** The CA that signs; the certificate signs itself when absent. */
  readonly issuer: Issuer | null;
  readonly now: Date;
  readonly validityDays: number;
  readonly extensions: readonly object[];
}

function issue(spec: CertificateSpec): IssuedCertificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = spec.key.publicKey;
  certificate.serialNumber = serialNumber();
  certificate.validity.notBefore = new Date(spec.now.getTime() - BACKDATE_MS);
  certificate.validity.notAfter = new Date(spec.now.getTime() + spec.validityDays * DAY_MS);
  certificate.setSubject(names(spec.subject));
  const signer = spec.issuer ?? { certificate, key: spec.key };
  certificate.setIssuer(
    spec.issuer === null ? names(spec.subject) : reencodable(spec.issuer.certificate.subject.attributes),
  );
  certificate.setExtensions([
    ...spec.extensions,
    { name: 'subjectKeyIdentifier' }, // forge derives it from the public key, as keyIdentifier does
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: keyIdentifier(signer.certificate.publicKey as forge.pki.rsa.PublicKey),
    },
  ]);
  certificate.sign(signer.key.privateKey, forge.md.sha256.create());
  return { certificate, pem: forge.pki.certificateToPem(certificate) };
}

/** The demo root: a CA that signs certificates only. */
export function issueCaCertificate(key: RsaKey, now: Date): IssuedCertificate {
  return issue({
    subject: [
      { shortName: 'CN', value: DEMO_CA_NAME },
      { shortName: 'O', value: 'Sentinelle Demo' },
      { shortName: 'OU', value: DEMO_MARK },
    ],
    key,
    issuer: null,
    now,
    validityDays: CA_VALIDITY_DAYS,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
}

/**
 * The bridge's HTTPS certificate, and Orthanc's for DICOM TLS: loopback names only. Also a client
 * certificate (clientAuth), which the demo's storescu presents to Orthanc's DICOM TLS port.
 */
export function issueTlsCertificate(key: RsaKey, issuer: Issuer, now: Date): IssuedCertificate {
  return issue({
    subject: [
      { shortName: 'CN', value: 'localhost' },
      { shortName: 'O', value: 'Sentinelle Demo' },
      { shortName: 'OU', value: DEMO_MARK },
    ],
    key,
    issuer,
    now,
    validityDays: TLS_VALIDITY_DAYS,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      // keyEncipherment for RSA key exchange in TLS 1.2 clients that still use it.
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...TLS_DNS_NAMES.map((value) => ({ type: 2, value })),
          ...TLS_IP_ADDRESSES.map((ip) => ({ type: 7, ip })),
        ],
      },
    ],
  });
}

/** "Sentinelle Demo – Hôpital …": the signer a PDF reader shows for the institution's seal. */
export function signingCommonName(institutionName: string): string {
  return `Sentinelle Demo – ${institutionName}`;
}

/**
 * The institution's document-signing certificate, for PAdES. Non-repudiation marks content
 * commitment; emailProtection is the usage NSS (and so poppler's pdfsig) checks a signer against.
 */
export function issueSigningCertificate(
  key: RsaKey,
  issuer: Issuer,
  institutionName: string,
  now: Date,
): IssuedCertificate {
  return issue({
    subject: [
      { shortName: 'CN', value: signingCommonName(institutionName) },
      { shortName: 'O', value: institutionName },
      { shortName: 'OU', value: DEMO_MARK },
    ],
    key,
    issuer,
    now,
    validityDays: SIGNING_VALIDITY_DAYS,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'extKeyUsage', emailProtection: true, [DOCUMENT_SIGNING_EKU]: true },
    ],
  });
}

/** The subject attribute `shortName` of a parsed certificate, decoded from UTF-8. */
export function subjectField(certificate: forge.pki.Certificate, shortName: string): string | null {
  const field = certificate.subject.getField(shortName) as forge.pki.CertificateField | null;
  if (field === null || typeof field.value !== 'string') return null;
  return field.valueTagClass === UTF8 ? forge.util.decodeUtf8(field.value) : field.value;
}

/** Whether `certificate` was signed by `issuer`'s key (and names it as issuer). */
export function issuedBy(certificate: forge.pki.Certificate, issuer: forge.pki.Certificate): boolean {
  try {
    return issuer.verify(certificate);
  } catch {
    return false;
  }
}
