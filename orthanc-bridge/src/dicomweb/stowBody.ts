/**
 * A STOW-RS request body (multipart/related of application/dicom parts), split into its DICOM
 * files so that each can be checked before Orthanc stores anything. Strict: a body Orthanc might
 * split differently from us (the boundary anywhere but at a delimiter, an encoded part) is refused.
 */
import { HttpError, badRequest } from '../http/errors';

/** A STOW through the bridge is buffered to be checked: larger ones are refused (413). */
export const MAX_STOW_BYTES = 512 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** The boundary of a `multipart/related; type="application/dicom"` content type. */
export function stowBoundary(contentType: string | undefined): string {
  const [media, ...params] = (contentType ?? '').split(';').map((s) => s.trim());
  if (media?.toLowerCase() !== 'multipart/related')
    throw new HttpError(415, 'STOW-RS takes multipart/related; type="application/dicom"');
  const values = new Map<string, string>();
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 1) throw badRequest('the content type has a malformed parameter');
    const name = param.slice(0, eq).trim().toLowerCase();
    if (values.has(name)) throw badRequest(`the content type names ${name} twice`);
    values.set(
      name,
      param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  const type = values.get('type');
  if (type !== undefined && type.toLowerCase() !== 'application/dicom')
    throw new HttpError(415, 'STOW-RS through Sentinelle takes application/dicom parts only');
  const boundary = values.get('boundary') ?? '';
  if (!/^[0-9A-Za-z'()+_,./:=?-]{1,70}$/.test(boundary))
    throw badRequest('the multipart boundary is missing or malformed');
  return boundary;
}

function occurrences(body: Buffer, needle: Buffer): number[] {
  const at: number[] = [];
  for (let i = body.indexOf(needle); i !== -1; i = body.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/** The DICOM files of a multipart/related body. */
export function stowParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const at = occurrences(body, delimiter);
  if (at.length < 2) throw badRequest('the multipart body has no parts');
  if (at.length > MAX_PARTS + 1) throw badRequest(`at most ${MAX_PARTS} instances per store`);
  // Every occurrence of the boundary must be a delimiter at a line start: no part may hide one.
  const crlf = (i: number) => body[i - 2] === 0x0d && body[i - 1] === 0x0a;
  if (at[0] !== 0 && !crlf(at[0]!)) throw badRequest('the multipart body does not start with its boundary');
  const parts: Buffer[] = [];
  for (let n = 0; n < at.length; n++) {
    const start = at[n]! + delimiter.length;
    const closing = body[start] === 0x2d && body[start + 1] === 0x2d;
    if (n === at.length - 1) {
      if (!closing) throw badRequest('the multipart body is not closed');
      break;
    }
    if (closing) throw badRequest('the multipart body goes on after its closing delimiter');
    const next = at[n + 1]!;
    if (!crlf(next)) throw badRequest('the multipart boundary appears inside a part');
    const lineEnd = body.indexOf('\r\n', start);
    if (lineEnd === -1 || lineEnd >= next || body.subarray(start, lineEnd).toString('latin1').trim() !== '')
      throw badRequest('a multipart delimiter line is malformed');
    const part = body.subarray(lineEnd + 2, next - 2);
    // Each part names its type (application/dicom), so each has headers.
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw badRequest('a multipart part has no headers');
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, headerEnd).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 1) throw badRequest('a multipart part has a malformed header');
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const partType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (partType !== 'application/dicom')
      throw new HttpError(415, 'STOW-RS through Sentinelle takes application/dicom parts only');
    const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
    if (encoding !== undefined && encoding !== 'binary')
      throw new HttpError(415, 'multipart parts are sent binary, not encoded');
    parts.push(part.subarray(headerEnd + 4));
  }
  return parts;
}
