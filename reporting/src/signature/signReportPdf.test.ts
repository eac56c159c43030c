import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDemoPki, type DemoPki } from '@sentinelle/config';
import { renderReportPdf } from '../pdf/index';
import { pdfInfo, pdfPages } from '../pdf/testing/poppler';
import { sampleReportDocument } from '../pdf/testing/sampleDocument';
import { PADES_SUBFILTER, signReportPdf, SigningError, type SignReportOptions } from './index';
import { createNssDatabase, pdfsig, pdfsigBuffer } from './testing/pdfsig';

const run = promisify(execFile);
/** Now, in whole seconds as /M keeps it: the demo certificate is issued now, valid from an hour ago. */
const SIGNED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);

/** "Mar 03 2026 10:15:00", as pdfsig prints a time in UTC. */
function pdfsigTime(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const [day, time] = [date.toISOString().slice(8, 10), date.toISOString().slice(11, 19)];
  return `${month} ${day} ${date.getUTCFullYear()} ${time}`;
}

/** "D:20260303101500Z", as the signature dictionary's /M. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
const SIGNER = 'Dr Claire Martin';
const REASON = 'Compte rendu signé par Dr Claire Martin';
const LOCATION = 'Hôpital Saint-Éloi, Montpellier';

/** The signed byte ranges and the CMS in /Contents, read from the file as a validator would. */
function signatureParts(signed: Buffer): { ranges: number[]; content: Buffer; cms: Buffer } {
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(signed.toString('latin1'));
  const ranges = match!.slice(1).map(Number);
  const [a, b, c, d] = ranges as [number, number, number, number];
  const content = Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]);
  const padded = Buffer.from(signed.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
  // The CMS is DER (SEQUENCE, long-form length) followed by zero padding.
  const lengthBytes = padded[1]! & 0x7f;
  const cms = padded.subarray(0, 2 + lengthBytes + padded.readUIntBE(2, lengthBytes));
  return { ranges, content, cms };
}

/** The text of a hex string <FEFF…> entry of the signature dictionary. */
function dictionaryText(signed: Buffer, key: string): string | null {
  const match = new RegExp(`/${key} <FEFF([0-9A-F]*)>`).exec(signed.toString('latin1'));
  return match ? Buffer.from(match[1]!, 'hex').swap16().toString('utf16le') : null;
}

describe('signReportPdf', () => {
  let work: string;
  let pki: DemoPki;
  let pdf: Buffer;
  let signed: Buffer;
  let signedFile: string;
  let trustingNss: string;
  let emptyNss: string;
  let options: SignReportOptions;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sentinelle-sign-'));
    pki = await ensureDemoPki(join(work, 'pki'), { institutionName: 'Hôpital Saint-Éloi' });
    pdf = await renderReportPdf(sampleReportDocument({ long: true }), { createdAt: SIGNED_AT });
    options = {
      p12: pki.signing.p12,
      passphrase: pki.signing.passphrase,
      signerName: SIGNER,
      reason: REASON,
      location: LOCATION,
      signedAt: SIGNED_AT,
    };
    signed = await signReportPdf(pdf, options);
    signedFile = join(work, 'signed.pdf');
    await writeFile(signedFile, signed);
    trustingNss = await createNssDatabase(join(work, 'nss-trusting'), [pki.ca.certPem]);
    emptyNss = await createNssDatabase(join(work, 'nss-empty'), []);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test('signReportPdf makes one signature that pdfsig finds valid, PAdES, SHA-256, over the whole document', async () => {
    const result = await pdfsig(signedFile, { nssDir: emptyNss });
    expect(result.signatures).toHaveLength(1);
    expect(result.signatures[0]).toMatchObject({
      valid: true,
      totalDocumentSigned: true,
      signerName: 'Sentinelle Demo – Hôpital Saint-Éloi',
      signatureType: PADES_SUBFILTER,
      hashAlgorithm: 'SHA-256',
      trusted: false, // this database trusts no CA
    });
    expect(result.signatures[0]!.signingTime).toBe(pdfsigTime(SIGNED_AT));
  });

  test('pdfsig trusts the signer with an NSS database that trusts the demo CA', async () => {
    const [check] = (await pdfsig(signedFile, { nssDir: trustingNss })).signatures;
    expect(check).toMatchObject({ valid: true, totalDocumentSigned: true, trusted: true });
    expect(check!.certificateValidation).toBe('Certificate is Trusted.');
  });

  test('signReportPdf writes the signer, reason, location and time into the signature dictionary', () => {
    const text = signed.toString('latin1');
    expect(text).toContain('/Type /Sig');
    expect(text).toContain('/Filter /Adobe.PPKLite');
    expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(text).toContain(`/M (${pdfDate(SIGNED_AT)})`);
    expect(dictionaryText(signed, 'Name')).toBe(SIGNER);
    expect(dictionaryText(signed, 'Reason')).toBe(REASON);
    expect(dictionaryText(signed, 'Location')).toBe(LOCATION);
  });

  test('the CMS verifies with openssl over the signed ranges and carries the PAdES B-B attributes only', async () => {
    const { ranges, content, cms } = signatureParts(signed);
    expect(ranges[0]).toBe(0);
    expect(ranges[2]! + ranges[3]!).toBe(signed.length);
    const dir = join(work, 'cms');
    await mkdir(dir);
    await writeFile(join(dir, 'content.bin'), content);
    await writeFile(join(dir, 'signature.der'), cms);
    const { stderr } = await run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(dir, 'signature.der'),
      '-content',
      join(dir, 'content.bin'),
      '-CAfile',
      pki.ca.certPath,
      '-purpose',
      'smimesign',
      '-out',
      '/dev/null',
    ]);
    expect(stderr).toContain('Verification successful');

    const { stdout } = await run('openssl', [
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      join(dir, 'signature.der'),
    ]);
    const attributes = [...stdout.matchAll(/object: (\S+) \(([\d.]+)\)/g)].map((m) => m[2]);
    expect(attributes).toEqual([
      '1.2.840.113549.1.9.3',
      '1.2.840.113549.1.9.4',
      '1.2.840.113549.1.9.16.2.47',
    ]);
    expect(stdout).not.toContain('signingTime');
    // ESSCertIDv2.certHash: SHA-256 of the signer's certificate as issued.
    const certHash = createHash('sha256').update(new X509Certificate(pki.signing.certPem).raw).digest('hex');
    expect(stdout).toContain(`[HEX DUMP]:${certHash.toUpperCase()}`);
    expect(stdout.match(/cert_info:/g)).toHaveLength(2); // the signer and the demo CA
  });

  test('pdfsig reports a signed PDF altered afterwards as invalid, in either signed range', async () => {
    const { ranges } = signatureParts(signed);
    const inFirstRange = Buffer.from(signed);
    const headerComment = inFirstRange.indexOf('%\xFF\xFF\xFF\xFF', 0, 'latin1') + 1;
    expect(headerComment).toBeLessThan(ranges[1]!);
    inFirstRange[headerComment] = 0xfe;

    const inSecondRange = Buffer.from(signed);
    const reason = inSecondRange.indexOf('/Reason <FEFF', 0, 'latin1') + '/Reason <FEFF'.length;
    expect(reason).toBeGreaterThan(ranges[2]!);
    inSecondRange.write('0044', reason, 'latin1'); // "Compte…" becomes "Dompte…"

    for (const altered of [inFirstRange, inSecondRange]) {
      const [check] = (await pdfsigBuffer(altered, { nssDir: trustingNss })).signatures;
      expect(check).toMatchObject({ valid: false, signatureValidation: 'Digest Mismatch.' });
    }
  });

  test('the signed report reads as before: same pages, same text', async () => {
    expect(await pdfPages(signed)).toEqual(await pdfPages(pdf));
    expect((await pdfInfo(signed)).Pages).toBe('2');
  });

  test('signReportPdf gives the same bytes for the same PDF, certificate and time', async () => {
    expect((await signReportPdf(pdf, options)).equals(signed)).toBe(true);
  });

  test('signReportPdf refuses a wrong passphrase, a signed PDF, a time outside the certificate and a non-PDF', async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => (error instanceof SigningError ? error.code : error),
      );
    expect(await refusal(signReportPdf(pdf, { ...options, passphrase: 'wrong' }))).toBe(
      'certificate-unreadable',
    );
    expect(await refusal(signReportPdf(signed, options))).toBe('already-signed');
    expect(
      await refusal(
        signReportPdf(pdf, { ...options, signedAt: new Date(pki.signing.notAfter.getTime() + 1000) }),
      ),
    ).toBe('certificate-not-valid');
    expect(await refusal(signReportPdf(Buffer.from('not a pdf'), options))).toBe('not-a-pdf');
  });
});
