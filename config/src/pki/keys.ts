import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

export interface RsaKey {
  /** PKCS#8 PEM, as Node's TLS and OpenSSL read it. */
  readonly pem: string;
  readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

/**
 * A fresh RSA key. Node's native generator, not forge's: forge generates in pure JavaScript,
 * which takes seconds for 2048 bits and far longer for 3072.
 */
export async function generateRsaKey(bits: 2048 | 3072 | 4096): Promise<RsaKey> {
  const { privateKey } = await generateRsa('rsa', {
    modulusLength: bits,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return rsaKeyFromPem(privateKey);
}

/** Throws when `pem` is not an RSA private key. */
export function rsaKeyFromPem(pem: string): RsaKey {
  const privateKey = forge.pki.privateKeyFromPem(pem);
  return { pem, privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

/** Whether `certificate` carries the public half of `key`. */
export function keyMatches(key: RsaKey, certificate: forge.pki.Certificate): boolean {
  const certKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  return certKey.n.equals(key.publicKey.n) && certKey.e.equals(key.publicKey.e);
}

/** The same key from forge's form (a PKCS#12 bag), as PKCS#8 PEM. */
export function rsaKeyFromForge(privateKey: forge.pki.rsa.PrivateKey): RsaKey {
  const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey));
  return rsaKeyFromPem(forge.pki.privateKeyInfoToPem(info));
}
