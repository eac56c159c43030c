import { inflateRawSync } from 'node:zlib';

const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

/**
 * The first file of a ZIP archive, as Orthanc's archive jobs write them (one entry per instance,
 * stored or deflated, sizes in the local header, ZIP64 sizes in the extra field when large).
 */
export function firstZipEntry(zip: Uint8Array): { name: string; data: Uint8Array } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let offset = 0;
  while (offset + 30 <= zip.length && view.getUint32(offset, true) === LOCAL_FILE_HEADER) {
    const flags = view.getUint16(offset + 6, true);
    const method = view.getUint16(offset + 8, true);
    let compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const name = new TextDecoder().decode(zip.subarray(offset + 30, offset + 30 + nameLength));
    const extraStart = offset + 30 + nameLength;
    if (compressedSize === 0xffffffff) compressedSize = zip64CompressedSize(view, extraStart, extraLength);
    const dataStart = extraStart + extraLength;
    if (flags & 0x08)
      throw new Error('ZIP entry sizes are in a data descriptor, which this reader does not follow');
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (raw.length !== compressedSize) throw new Error('truncated ZIP archive');
    if (name.endsWith('/')) {
      offset = dataStart + compressedSize; // a folder entry
      continue;
    }
    if (method === 0) return { name, data: raw };
    if (method === 8) return { name, data: new Uint8Array(inflateRawSync(raw)) };
    throw new Error(`ZIP compression method ${method} is not supported`);
  }
  throw new Error('the ZIP archive holds no file');
}

function zip64CompressedSize(view: DataView, start: number, length: number): number {
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    // ZIP64 extended information: uncompressed size, then compressed size (8 bytes each).
    if (id === ZIP64_EXTRA && size >= 16) return Number(view.getBigUint64(p + 12, true));
    p += 4 + size;
  }
  throw new Error('ZIP64 entry without its extended size field');
}
