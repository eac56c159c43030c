import forge from 'node-forge';
import { keyMatches, rsaKeyFromForge, type RsaKey } from './keys';

/** OpenSSL's own default iteration count for PKCS#12 (PKCS12_DEFAULT_ITER). */
const ITERATIONS = 2048;

/**
 * A PKCS#12 file holding the key and its chain (leaf first), the key encrypted with AES-256
 * (PBES2) and the whole protected by a MAC from the same passphrase: what PAdES signers,
 * OpenSSL and NSS's pk12util all open.
 */
export function packPkcs12(
  key: RsaKey,
  chain: readonly forge.pki.Certificate[],
  passphrase: string,
  friendlyName: string,
): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(key.privateKey, [...chain], passphrase, {
    algorithm: 'aes256',
    count: ITERATIONS,
    friendlyName,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export interface OpenedPkcs12 {
  readonly key: RsaKey;
  /** The certificate of the key. */
  readonly certificate: forge.pki.Certificate;
  /** Every certificate in the file, the key's first. */
  readonly chain: readonly forge.pki.Certificate[];
}

/** Opens a PKCS#12 file; throws when the passphrase is wrong or the file holds no key with its certificate. */
export function openPkcs12(p12: Uint8Array, passphrase: string): OpenedPkcs12 {
  const der = forge.util.createBuffer(Buffer.from(p12).toString('binary'));
  const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), true, passphrase);
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
      []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certificates = (pfx.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined);
  const privateKey = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (privateKey === undefined) throw new Error('the PKCS#12 file holds no private key');
  const key = rsaKeyFromForge(privateKey);
  const certificate = certificates.find((cert) => keyMatches(key, cert));
  if (certificate === undefined) throw new Error('the PKCS#12 file holds no certificate for its key');
  return { key, certificate, chain: [certificate, ...certificates.filter((cert) => cert !== certificate)] };
}
