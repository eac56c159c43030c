import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * poppler-utils on a PDF held in memory: its text (pdftotext), its document information (pdfinfo)
 * and its images (pdfimages), for tests that check what a reader would see.
 */
const run = promisify(execFile);

/** Runs `body` with the PDF written to a temporary file, removed afterwards. */
export async function withPdfFile<T>(pdf: Uint8Array, body: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-pdf-'));
  try {
    const path = join(dir, 'document.pdf');
    await writeFile(path, pdf);
    return await body(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of each page (pdftotext, UTF-8): in reading order, or laid out as on the page with `layout`. */
export function pdfPages(pdf: Uint8Array, options: { layout?: boolean } = {}): Promise<string[]> {
  return withPdfFile(pdf, async (path) => {
    const args = [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'];
    const { stdout } = await run('pdftotext', args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout.split('\f').slice(0, -1); // pdftotext ends every page with a form feed
  });
}

/** pdfinfo's "Key: value" lines, dates in ISO form (-isodates). */
export function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  return withPdfFile(pdf, async (path) => {
    const { stdout } = await run('pdfinfo', ['-isodates', path]);
    const entries = stdout
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!] as const);
    return Object.fromEntries(entries);
  });
}

export interface PdfImage {
  readonly page: number;
  readonly width: number;
  readonly height: number;
}

/** The images drawn on each page (pdfimages -list). */
export function pdfImages(pdf: Uint8Array): Promise<PdfImage[]> {
  return withPdfFile(pdf, async (path) => {
    const { stdout } = await run('pdfimages', ['-list', path]);
    return stdout
      .split('\n')
      .slice(2) // two heading lines
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length > 4 && fields[2] === 'image')
      .map((fields) => ({ page: Number(fields[0]), width: Number(fields[3]), height: Number(fields[4]) }));
  });
}

export interface PdfFont {
  readonly name: string;
  readonly type: string;
  readonly encoding: string;
  readonly embedded: boolean;
}

/** The fonts the PDF uses (pdffonts). */
export function pdfFonts(pdf: Uint8Array): Promise<PdfFont[]> {
  return withPdfFile(pdf, async (path) => {
    const { stdout } = await run('pdffonts', [path]);
    return stdout
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 8)
      .map(([name, ...rest]) => {
        // "Type 1" has a space: read the fixed columns from the end.
        const [encoding, embedded] = rest.slice(-6, -4);
        return {
          name: name!,
          type: rest.slice(0, -6).join(' '),
          encoding: encoding!,
          embedded: embedded === 'yes',
        };
      });
  });
}
