/**
 * Who and what a DICOM Part 10 file is about, read before Orthanc stores it: StudyInstanceUID,
 * PatientID, IssuerOfPatientID and InstitutionName, top-level attributes. A small reader rather
 * than a full parser: it walks the top-level elements, skipping values and sequences, and refuses
 * anything it cannot walk or that Orthanc might read otherwise (the store is then refused).
 */
import { inflateRawSync } from 'node:zlib';

export interface Part10Identity {
  readonly studyInstanceUid: string;
  readonly patientId: string;
  readonly issuerOfPatientId: string;
  readonly institutionName: string;
}

export class Part10Error extends Error {
  override readonly name = 'Part10Error';
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const UNDEFINED_LENGTH = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const TAGS = {
  specificCharacterSet: 0x00080005,
  institutionName: 0x00080080,
  patientId: 0x00100020,
  issuerOfPatientId: 0x00100021,
  studyInstanceUid: 0x0020000d,
} as const;
const MAX_DEPTH = 16;

interface Syntax {
  readonly explicit: boolean;
  readonly little: boolean;
}

class Reader {
  offset = 0;
  constructor(readonly bytes: Buffer) {}
  need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new Part10Error('the DICOM file is truncated');
  }
  u16(little: boolean): number {
    this.need(2);
    const v = little ? this.bytes.readUInt16LE(this.offset) : this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  u32(little: boolean): number {
    this.need(4);
    const v = little ? this.bytes.readUInt32LE(this.offset) : this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  take(n: number): Buffer {
    this.need(n);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
}

interface Element {
  readonly tag: number;
  readonly vr: string | undefined;
  readonly length: number;
}

function readHeader(r: Reader, syntax: Syntax): Element {
  const group = r.u16(syntax.little);
  const element = r.u16(syntax.little);
  const tag = ((group << 16) | element) >>> 0;
  // Item and delimitation tags have no VR, whatever the transfer syntax.
  if (group === 0xfffe || !syntax.explicit) return { tag, vr: undefined, length: r.u32(syntax.little) };
  const vr = r.take(2).toString('latin1');
  if (LONG_VRS.has(vr)) {
    r.take(2);
    return { tag, vr, length: r.u32(syntax.little) };
  }
  return { tag, vr, length: r.u16(syntax.little) };
}

/** Skips an undefined-length value: a sequence's items up to its delimiter (or encapsulated fragments). */
function skipUndefined(r: Reader, syntax: Syntax, depth: number): void {
  if (depth > MAX_DEPTH) throw new Part10Error('the DICOM file nests sequences too deeply');
  for (;;) {
    const item = readHeader(r, syntax);
    if (item.tag === SEQUENCE_END) return;
    if (item.tag !== ITEM) throw new Part10Error('a sequence holds something other than items');
    if (item.length !== UNDEFINED_LENGTH) {
      r.take(item.length);
      continue;
    }
    for (;;) {
      const inner = readHeader(r, syntax);
      if (inner.tag === ITEM_END) break;
      skipValue(r, syntax, inner, depth + 1);
    }
  }
}

function skipValue(r: Reader, syntax: Syntax, element: Element, depth: number): void {
  if (element.length !== UNDEFINED_LENGTH) {
    r.take(element.length);
    return;
  }
  // An undefined-length UN is a sequence encoded in Implicit VR Little Endian (PS3.5 6.2.2).
  skipUndefined(r, element.vr === 'UN' ? { explicit: false, little: true } : syntax, depth);
}

function text(value: Buffer, utf8: boolean): string {
  return value
    .toString(utf8 ? 'utf8' : 'latin1')
    .split('\\')[0]!
    .replace(/[\0 ]+$/, '')
    .trim();
}

/** The identity of a Part 10 file; throws Part10Error when it is not one the reader can walk. */
export function readPart10Identity(file: Buffer): Part10Identity {
  if (file.length < 132 || file.toString('latin1', 128, 132) !== 'DICM')
    throw new Part10Error('not a DICOM Part 10 file (no DICM preamble)');
  const meta = new Reader(file);
  meta.offset = 132;
  let transferSyntax = '';
  const explicitLE: Syntax = { explicit: true, little: true };
  while (!meta.done && meta.bytes.readUInt16LE(meta.offset) === 0x0002) {
    const element = readHeader(meta, explicitLE);
    if (element.length === UNDEFINED_LENGTH) throw new Part10Error('the file meta information is malformed');
    const value = meta.take(element.length);
    if (element.tag === 0x00020010) transferSyntax = text(value, false);
  }
  if (!transferSyntax) throw new Part10Error('the DICOM file names no transfer syntax');
  let body = file.subarray(meta.offset);
  if (transferSyntax === DEFLATED) {
    try {
      body = inflateRawSync(body);
    } catch {
      throw new Part10Error('the deflated DICOM data set cannot be read');
    }
  }
  const syntax: Syntax = {
    explicit: transferSyntax !== IMPLICIT_LE,
    little: transferSyntax !== EXPLICIT_BE,
  };
  const r = new Reader(body);
  const found = new Map<number, Buffer>();
  // Every element is walked, in strictly ascending order: a repeated or misplaced attribute could
  // be read one way here and another way by Orthanc.
  let previous = -1;
  while (!r.done) {
    const element = readHeader(r, syntax);
    if (element.tag <= previous)
      throw new Part10Error('the DICOM data set repeats or misorders its attributes');
    previous = element.tag;
    if (element.length === UNDEFINED_LENGTH) {
      skipValue(r, syntax, element, 0);
      continue;
    }
    const value = r.take(element.length);
    if (Object.values(TAGS).includes(element.tag as never)) found.set(element.tag, value);
  }
  const utf8 = text(found.get(TAGS.specificCharacterSet) ?? Buffer.alloc(0), false).includes('ISO_IR 192');
  const read = (tag: number) => text(found.get(tag) ?? Buffer.alloc(0), utf8);
  const studyInstanceUid = read(TAGS.studyInstanceUid);
  if (!studyInstanceUid) throw new Part10Error('the DICOM file has no StudyInstanceUID');
  return {
    studyInstanceUid,
    patientId: read(TAGS.patientId),
    issuerOfPatientId: read(TAGS.issuerOfPatientId),
    institutionName: read(TAGS.institutionName),
  };
}
