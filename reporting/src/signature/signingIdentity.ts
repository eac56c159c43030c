import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { SigningError } from './errors';

/** What a signature needs from a PKCS#12 file: the key, its certificate and the chain, as DER. */
export interface SigningIdentity {
  readonly privateKey: KeyObject;
  readonly certificateDer: Buffer;
  /** The other certificates of the file (issuers), to embed so that validators can build the chain. */
  readonly chainDer: readonly Buffer[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function certificateDer(certificate: forge.pki.Certificate): Buffer {
  // certificateToAsn1 reuses the parsed TBSCertificate, so these are the file's own bytes.
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
}

function samePublicKey(privateKey: forge.pki.rsa.PrivateKey, certificate: forge.pki.Certificate): boolean {
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  return publicKey.n?.equals(privateKey.n) === true && publicKey.e.equals(privateKey.e);
}

/** Opens a PKCS#12 file (RSA key); a wrong passphrase or another kind of file is a SigningError. */
export function openSigningIdentity(p12: Uint8Array, passphrase: string): SigningIdentity {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.createBuffer(Buffer.from(p12).toString('binary'));
    pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), true, passphrase);
  } catch {
    throw new SigningError(
      'certificate-unreadable',
      'the signing certificate could not be opened: wrong passphrase, or not a PKCS#12 file',
    );
  }
  const bags = (type: string) => pfx.getBags({ bagType: type })[type] ?? [];
  const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)]
    .map((bag) => bag.key as forge.pki.rsa.PrivateKey | undefined)
    .filter((key): key is forge.pki.rsa.PrivateKey => key !== undefined);
  const certificates = bags(forge.pki.oids.certBag!)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined);
  const key = keys[0];
  const certificate = key === undefined ? undefined : certificates.find((cert) => samePublicKey(key, cert));
  if (key === undefined || certificate === undefined) {
    throw new SigningError(
      'certificate-unreadable',
      'the PKCS#12 file holds no RSA key with its certificate',
    );
  }
  const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
  return {
    privateKey: createPrivateKey(forge.pki.privateKeyInfoToPem(info)),
    certificateDer: certificateDer(certificate),
    chainDer: certificates.filter((cert) => cert !== certificate).map(certificateDer),
    notBefore: certificate.validity.notBefore,
    notAfter: certificate.validity.notAfter,
  };
}
