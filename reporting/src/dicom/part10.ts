import dcmjs, { type NaturalizedDataset } from 'dcmjs';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of Sentinelle's DICOM writer (a fixed "2.25." UUID UID). */
export const IMPLEMENTATION_CLASS_UID = '2.25.180381845794612407622946018004216011042';
export const IMPLEMENTATION_VERSION_NAME = 'SENTINELLE_01';

/**
 * Writes a naturalized data set (dcmjs keywords) as a Part 10 file, with the file meta group built
 * from its SOP Class and Instance UIDs. Explicit VR Little Endian unless `transferSyntaxUid` names
 * an encapsulated one: Pixel Data is then one ArrayBuffer per frame, written as one fragment per
 * frame (as RLE Lossless requires) after a Basic Offset Table.
 */
export function writePart10(
  dataset: NaturalizedDataset,
  options: { readonly transferSyntaxUid?: string } = {},
): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new TypeError('writePart10: the data set has no SOP Class UID or SOP Instance UID');
  }
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: options.transferSyntaxUid ?? EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const file = new DicomDict(meta);
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write({ allowInvalidVRLength: false, fragmentMultiframe: false }));
}

/** Reads a Part 10 file into a naturalized data set (for tests and for reading sources). */
export function readPart10(bytes: Uint8Array): NaturalizedDataset {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(buffer).dict);
}
