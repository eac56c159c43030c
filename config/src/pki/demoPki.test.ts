import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { DEMO_PKI_FILES, ensureDemoPki, type DemoPki } from './index';
import { openPkcs12 } from './pkcs12';

const run = promisify(execFile);
const INSTITUTION = 'Hôpital Saint-Éloi';
const T0 = new Date('2026-03-01T09:00:00Z');
const days = (n: number): Date => new Date(T0.getTime() + n * 86_400_000);

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** Every file of the PKI folder with its modification time, to see what a call rewrote. */
async function snapshot(dir: string): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.values(DEMO_PKI_FILES).map(async (name) => [name, (await stat(join(dir, name))).mtimeMs] as const),
  );
  return Object.fromEntries(entries);
}

/** Whether forge verifies `leafPem` against a store holding only `caPem`, at `now`. */
function chainValid(caPem: string, leafPem: string, now: Date): boolean {
  const store = forge.pki.createCaStore([caPem]);
  return forge.pki.verifyCertificateChain(store, [forge.pki.certificateFromPem(leafPem)], {
    validityCheckDate: now,
  });
}

describe('ensureDemoPki', () => {
  let work: string;
  let base: string;
  let first: DemoPki;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sentinelle-pki-'));
    base = join(work, 'base', 'pki');
    first = await ensureDemoPki(base, { institutionName: INSTITUTION, now: T0 });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** A copy of the first PKI, for a test that changes it. */
  async function copyOfBase(name: string): Promise<string> {
    const dir = join(work, name);
    await cp(base, dir, { recursive: true });
    return dir;
  }

  test('ensureDemoPki creates the CA, TLS and signing files once, private ones readable by the owner only', async () => {
    expect(first.issued).toEqual(['ca', 'tls', 'signing']);
    expect(await mode(base)).toBe(0o700);
    expect(await mode(join(base, 'ca.key.pem'))).toBe(0o600);
    expect(await mode(join(base, 'ca.crt.pem'))).toBe(0o644);
    expect(await mode(first.tls.keyPath)).toBe(0o600);
    expect(await mode(first.tls.certPath)).toBe(0o644);
    expect(await mode(first.signing.p12Path)).toBe(0o600);
    expect(await mode(first.signing.passphrasePath)).toBe(0o600);
    expect(first.ca.certPath).toBe(join(base, 'ca.crt.pem'));
    expect(await readFile(first.ca.certPath, 'utf8')).toBe(first.ca.certPem);
    expect(await readFile(first.tls.keyPath, 'utf8')).toBe(first.tls.keyPem);
    expect(await readFile(first.tls.certPath, 'utf8')).toBe(first.tls.certPem);
    expect(await readFile(first.signing.p12Path)).toEqual(first.signing.p12);
    expect(await readFile(first.signing.passphrasePath, 'utf8')).toBe(`${first.signing.passphrase}\n`);
    expect(first.tls.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.tls.notAfter).toEqual(new Date(T0.getTime() + 397 * 86_400_000));
    expect(chainValid(first.ca.certPem, first.tls.certPem, T0)).toBe(true);
    expect(chainValid(first.ca.certPem, first.signing.certPem, T0)).toBe(true);
  });

  test('ensureDemoPki reuses every file on a second call', async () => {
    const before = await snapshot(base);
    const again = await ensureDemoPki(base, { institutionName: INSTITUTION, now: days(1) });
    expect(again.issued).toEqual([]);
    expect(again.ca.certPem).toBe(first.ca.certPem);
    expect(again.tls).toEqual(first.tls);
    expect(again.signing).toEqual(first.signing);
    expect(await snapshot(base)).toEqual(before);
  });

  test('the signing PKCS#12 opens with its passphrase (node-forge and OpenSSL), and not with another', async () => {
    const opened = openPkcs12(first.signing.p12, first.signing.passphrase);
    expect(forge.pki.certificateToPem(opened.certificate)).toBe(first.signing.certPem);
    expect(opened.chain.map((cert) => forge.pki.certificateToPem(cert))).toEqual([
      first.signing.certPem,
      first.ca.certPem,
    ]);
    expect(() => openPkcs12(first.signing.p12, 'not the passphrase')).toThrow(/MAC could not be verified/);

    const { stdout } = await run('openssl', [
      'pkcs12',
      '-in',
      first.signing.p12Path,
      '-passin',
      `file:${first.signing.passphrasePath}`,
      '-nodes',
    ]);
    expect(stdout).toContain('-----BEGIN PRIVATE KEY-----');
    expect(stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    await expect(
      run('openssl', ['pkcs12', '-in', first.signing.p12Path, '-passin', 'pass:wrong', '-nodes']),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('Mac verify error') });
  });

  test('ensureDemoPki renews the TLS certificate once it expires, then the signing one, under the same CA', async () => {
    const dir = await copyOfBase('renewal');
    const afterTls = await ensureDemoPki(dir, { institutionName: INSTITUTION, now: days(400) });
    expect(afterTls.issued).toEqual(['tls']);
    expect(afterTls.ca.certPem).toBe(first.ca.certPem);
    expect(afterTls.signing).toEqual({
      ...first.signing,
      p12Path: join(dir, 'signing.p12'),
      passphrasePath: join(dir, 'signing.passphrase'),
    });
    expect(afterTls.tls.certPem).not.toBe(first.tls.certPem);
    expect(afterTls.tls.keyPem).not.toBe(first.tls.keyPem);
    expect(chainValid(first.ca.certPem, afterTls.tls.certPem, days(400))).toBe(true);

    // Thirty days before the signing certificate's end (730 days), it is renewed ahead of time.
    const afterSigning = await ensureDemoPki(dir, { institutionName: INSTITUTION, now: days(705) });
    expect(afterSigning.issued).toEqual(['signing']);
    expect(afterSigning.signing.passphrase).not.toBe(first.signing.passphrase);
    expect(chainValid(first.ca.certPem, afterSigning.signing.certPem, days(705))).toBe(true);
  });

  test('ensureDemoPki makes the TLS certificate a client certificate too, and reissues one that is only a server one', async () => {
    const eku = (pem: string) =>
      forge.pki.certificateFromPem(pem).getExtension('extKeyUsage') as {
        serverAuth?: boolean;
        clientAuth?: boolean;
      };
    expect(eku(first.tls.certPem)).toMatchObject({ serverAuth: true, clientAuth: true });

    // What an earlier version made: the same key and CA, serverAuth only.
    const dir = await copyOfBase('server-only');
    const caKey = forge.pki.privateKeyFromPem(await readFile(join(dir, DEMO_PKI_FILES.caKey), 'utf8'));
    const old = forge.pki.certificateFromPem(first.tls.certPem);
    old.setExtensions([{ name: 'extKeyUsage', serverAuth: true }]);
    old.setIssuer(forge.pki.certificateFromPem(first.ca.certPem).subject.attributes);
    old.sign(caKey, forge.md.sha256.create());
    await writeFile(join(dir, DEMO_PKI_FILES.tlsCert), forge.pki.certificateToPem(old));

    const renewed = await ensureDemoPki(dir, { institutionName: INSTITUTION, now: T0 });
    expect(renewed.issued).toEqual(['tls']);
    expect(eku(renewed.tls.certPem)).toMatchObject({ serverAuth: true, clientAuth: true });
  });

  test('ensureDemoPki issues a new signing certificate when the institution changes, and keeps the rest', async () => {
    const dir = await copyOfBase('institution');
    const renamed = await ensureDemoPki(dir, { institutionName: 'Centre d’imagerie de la Loire', now: T0 });
    expect(renamed.issued).toEqual(['signing']);
    expect(renamed.tls.certPem).toBe(first.tls.certPem);
    const subject = forge.pki.certificateFromPem(renamed.signing.certPem).subject.getField('O') as {
      value: string;
    };
    expect(forge.util.decodeUtf8(subject.value)).toBe('Centre d’imagerie de la Loire');
  });

  test('ensureDemoPki replaces a damaged TLS pair and, without the CA key, everything the CA issued', async () => {
    const dir = await copyOfBase('damaged');
    await writeFile(join(dir, 'tls.crt.pem'), first.signing.certPem); // a certificate of another key
    const repaired = await ensureDemoPki(dir, { institutionName: INSTITUTION, now: T0 });
    expect(repaired.issued).toEqual(['tls']);
    expect(chainValid(first.ca.certPem, repaired.tls.certPem, T0)).toBe(true);

    await rm(join(dir, 'ca.key.pem'));
    const rebuilt = await ensureDemoPki(dir, { institutionName: INSTITUTION, now: T0 });
    expect(rebuilt.issued).toEqual(['ca', 'tls', 'signing']);
    expect(rebuilt.ca.certPem).not.toBe(first.ca.certPem);
    expect(chainValid(rebuilt.ca.certPem, rebuilt.signing.certPem, T0)).toBe(true);
    expect(() => chainValid(first.ca.certPem, rebuilt.signing.certPem, T0)).toThrow();
  });

  test('ensureDemoPki refuses an empty institution name', async () => {
    await expect(ensureDemoPki(join(work, 'unnamed'), { institutionName: '  ' })).rejects.toThrow(
      /needs an institution name/,
    );
  });
});
