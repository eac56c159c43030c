import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { DOCUMENT_SIGNING_EKU, ensureDemoPki, type DemoPki } from './index';

const run = promisify(execFile);
const INSTITUTION = 'Hôpital Saint-Éloi';

/** OpenSSL's verdict on `certPath` against the demo CA for one purpose (stdout and stderr together). */
async function opensslVerify(caPath: string, purpose: string, certPath: string): Promise<string> {
  const result = await run('openssl', ['verify', '-CAfile', caPath, '-purpose', purpose, certPath]).catch(
    (error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  return `${result.stdout}${result.stderr}`;
}

describe('demo PKI certificates', () => {
  let dir: string;
  let pki: DemoPki;
  let signingCertPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-pki-certs-'));
    pki = await ensureDemoPki(join(dir, 'pki'), { institutionName: INSTITUTION });
    signingCertPath = join(dir, 'signing.crt.pem');
    await writeFile(signingCertPath, pki.signing.certPem);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the demo CA is a self-signed SHA-256 CA of 3072 bits for ten years, marked as a demo', () => {
    const ca = new X509Certificate(pki.ca.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('CN=Sentinelle Demo CA');
    expect(ca.subject).toContain('OU=DEMO ONLY - not for clinical use');
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const years = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(9.9);
    const forgeCa = forge.pki.certificateFromPem(pki.ca.certPem);
    expect(forgeCa.siginfo.algorithmOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
    expect(forgeCa.getExtension('keyUsage')).toMatchObject({ keyCertSign: true, digitalSignature: false });
    expect(forgeCa.getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
  });

  test('openssl verifies the TLS certificate against the demo CA as an SSL server, and not as a signer', async () => {
    expect(await opensslVerify(pki.ca.certPath, 'sslserver', pki.tls.certPath)).toBe(
      `${pki.tls.certPath}: OK\n`,
    );
    expect(await opensslVerify(pki.ca.certPath, 'smimesign', pki.tls.certPath)).toContain(
      'unsuitable certificate purpose',
    );
  });

  test('openssl verifies the signing certificate against the demo CA as a signer, and not as an SSL server', async () => {
    expect(await opensslVerify(pki.ca.certPath, 'smimesign', signingCertPath)).toBe(
      `${signingCertPath}: OK\n`,
    );
    expect(await opensslVerify(pki.ca.certPath, 'sslserver', signingCertPath)).toContain(
      'unsuitable certificate purpose',
    );
  });

  test('node-forge verifies both leaves against a store holding only the demo CA', () => {
    const store = forge.pki.createCaStore([pki.ca.certPem]);
    for (const pem of [pki.tls.certPem, pki.signing.certPem]) {
      expect(forge.pki.verifyCertificateChain(store, [forge.pki.certificateFromPem(pem)])).toBe(true);
    }
    const stranger = forge.pki.createCaStore([pki.tls.certPem]);
    expect(() =>
      forge.pki.verifyCertificateChain(stranger, [forge.pki.certificateFromPem(pki.signing.certPem)]),
    ).toThrow();
  });

  test('the TLS certificate names localhost, 127.0.0.1 and ::1 only, for server and (DICOM TLS) client authentication', () => {
    const tls = new X509Certificate(pki.tls.certPem);
    expect(tls.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(tls.checkHost('localhost')).toBe('localhost');
    expect(tls.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(tls.checkIP('::1')).toBe('::1');
    expect(tls.checkHost('example.org')).toBeUndefined();
    // Node names the extended key usages keyUsage: serverAuth, and clientAuth for DICOM TLS stores.
    expect(tls.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(tls.ca).toBe(false);
    expect(tls.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(tls.checkIssued(new X509Certificate(pki.ca.certPem))).toBe(true);
  });

  test('a TLS client that trusts only the demo CA accepts the bridge certificate on 127.0.0.1 and as localhost', async () => {
    const server = createTlsServer({ key: pki.tls.keyPem, cert: pki.tls.certPem }, (socket) =>
      socket.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const handshake = (servername: string | undefined): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, servername }, () => {
          socket.once('data', (data: Buffer) => resolve(`${socket.authorized}:${data.toString()}`));
        });
        socket.once('error', reject);
      });
    try {
      expect(await handshake(undefined)).toBe('true:ok'); // checked against IP Address:127.0.0.1
      expect(await handshake('localhost')).toBe('true:ok');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a TLS client without the demo CA refuses the bridge certificate', async () => {
    const server = createTlsServer({ key: pki.tls.keyPem, cert: pki.tls.certPem }, (socket) =>
      socket.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(
        new Promise((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port, servername: 'localhost' }, () =>
            resolve(socket.authorized),
          );
          socket.once('error', reject);
        }),
      ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the signing certificate names the institution, for non-repudiation and document signing', () => {
    const signing = new X509Certificate(pki.signing.certPem);
    expect(signing.subject.split('\n')).toEqual([
      'CN=Sentinelle Demo – Hôpital Saint-Éloi',
      'O=Hôpital Saint-Éloi',
      'OU=DEMO ONLY - not for clinical use',
    ]);
    expect(signing.issuer).toBe(new X509Certificate(pki.ca.certPem).subject);
    expect(signing.keyUsage).toEqual(['1.3.6.1.5.5.7.3.4', DOCUMENT_SIGNING_EKU]);
    const usage = forge.pki.certificateFromPem(pki.signing.certPem).getExtension('keyUsage');
    expect(usage).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      keyEncipherment: false,
      keyCertSign: false,
    });
  });
});
