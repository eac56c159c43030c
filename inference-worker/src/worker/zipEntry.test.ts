import { deflateRawSync } from 'node:zlib';
import { firstZipEntry } from './zipEntry';

/** A one-file ZIP as Orthanc writes it: local header with the sizes, then the data. */
function zip(name: string, data: Uint8Array, method: 0 | 8): Uint8Array {
  const payload = method === 8 ? deflateRawSync(data) : data;
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(method, 8);
  header.writeUInt32LE(payload.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), payload, Buffer.from([0x50, 0x4b, 0x01, 0x02])]);
}

test('firstZipEntry reads the first file of a stored or deflated archive', () => {
  const data = new Uint8Array(10_000).map((_, i) => i % 251);
  for (const method of [0, 8] as const) {
    const entry = firstZipEntry(zip('P/S/MG000000.dcm', data, method));
    expect(entry.name).toBe('P/S/MG000000.dcm');
    expect(Buffer.from(entry.data).equals(Buffer.from(data))).toBe(true);
  }
  expect(() => firstZipEntry(new Uint8Array(4))).toThrow(/holds no file/);
});
