import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * poppler's pdfsig on signed PDFs, and NSS databases (certutil) for it to trust a CA with: what
 * tests check a signed report against, as a reader would.
 */
const run = promisify(execFile);

export interface ToolOutput {
  readonly exitCode: number;
  /** stdout and stderr together. */
  readonly output: string;
}

async function tool(command: string, args: readonly string[]): Promise<ToolOutput> {
  try {
    const { stdout, stderr } = await run(command, [...args], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, TZ: 'UTC' }, // pdfsig prints signing times in the local zone
    });
    return { exitCode: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error; // not started (ENOENT) or killed: a broken setup
    return { exitCode: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

export interface PdfSignatureCheck {
  /** "Signature Validation: Signature is Valid." */
  readonly valid: boolean;
  /** "Total document signed": the byte ranges cover the whole file but /Contents. */
  readonly totalDocumentSigned: boolean;
  /** The signer certificate's common name. */
  readonly signerName: string | null;
  /** "Certificate Validation: Certificate is Trusted." */
  readonly trusted: boolean;
  readonly signatureType: string | null;
  readonly hashAlgorithm: string | null;
  readonly signingTime: string | null;
  /** pdfsig's words, for a failing test to show. */
  readonly signatureValidation: string | null;
  readonly certificateValidation: string | null;
}

export interface PdfsigResult extends ToolOutput {
  readonly signatures: readonly PdfSignatureCheck[];
}

/** The "  - Key: value" lines of one "Signature #n:" section. */
function fields(section: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\s*- ([^:]+):\s*(.*)$/.exec(line);
    if (match) map.set(match[1]!.trim(), match[2]!.trim());
  }
  return map;
}

export function parsePdfsig(output: string): PdfSignatureCheck[] {
  return output
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((section) => {
      const field = fields(section);
      const signatureValidation = field.get('Signature Validation') ?? null;
      const certificateValidation = field.get('Certificate Validation') ?? null;
      return {
        valid: signatureValidation === 'Signature is Valid.',
        totalDocumentSigned: /^\s*- Total document signed$/m.test(section),
        signerName: field.get('Signer Certificate Common Name') ?? null,
        trusted: certificateValidation === 'Certificate is Trusted.',
        signatureType: field.get('Signature Type') ?? null,
        hashAlgorithm: field.get('Signing Hash Algorithm') ?? null,
        signingTime: field.get('Signing Time') ?? null,
        signatureValidation,
        certificateValidation,
      };
    });
}

export interface PdfsigOptions {
  /**
   * An NSS database folder (see createNssDatabase) whose trusted CAs pdfsig checks the signer
   * against. Without it pdfsig reads the user's own database.
   */
  readonly nssDir?: string;
}

/**
 * pdfsig on a file: every signature's verdict.
 *
 * Without -no-ocsp, on purpose: poppler 22.12 (Debian 12) reads NSS's last error after checking
 * the certificate instead of the check's result, and with OCSP turned off a stale error makes a
 * trusted chain read "Unknown issue with Certificate". OCSP stays offline all the same for the demo
 * certificates, which name no OCSP responder (no Authority Information Access).
 */
export async function pdfsig(file: string, options: PdfsigOptions = {}): Promise<PdfsigResult> {
  const nss = options.nssDir === undefined ? [] : ['-nssdir', `sql:${options.nssDir}`];
  const result = await tool('pdfsig', [...nss, file]);
  return { ...result, signatures: parsePdfsig(result.output) };
}

/** pdfsig on a PDF in memory. */
export async function pdfsigBuffer(pdf: Uint8Array, options: PdfsigOptions = {}): Promise<PdfsigResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-pdfsig-'));
  try {
    const file = join(dir, 'signed.pdf');
    await writeFile(file, pdf);
    return await pdfsig(file, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A new NSS database (empty password) in `dir` trusting each given CA certificate (PEM) to issue
 * signing certificates: what a reader's trust store is to pdfsig. No CA gives a database that
 * trusts nothing.
 */
export async function createNssDatabase(dir: string, trustedCaPems: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const create = await tool('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  if (create.exitCode !== 0) throw new Error(`certutil -N failed: ${create.output}`);
  for (const [index, pem] of trustedCaPems.entries()) {
    const file = join(dir, `trusted-${index}.pem`);
    await writeFile(file, pem);
    // Trusted CA for TLS, e-mail (S/MIME: the usage pdfsig checks a signer against) and object signing.
    const added = await tool('certutil', [
      '-A',
      '-d',
      `sql:${dir}`,
      '-n',
      `trusted-${index}`,
      '-t',
      'CT,C,C',
      '-i',
      file,
    ]);
    if (added.exitCode !== 0) throw new Error(`certutil -A failed: ${added.output}`);
  }
  return dir;
}
