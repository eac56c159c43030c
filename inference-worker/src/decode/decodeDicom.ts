import dcmjs, { type NaturalizedDataset } from 'dcmjs';
import type { DecodedImage } from '../image/decodedImage';
import { readLaterality, readPixelSpacing, readView } from './dicomAcquisition';
import { decodePixelData } from './dicomPixelData';
import { readPixelModule } from './dicomPixelModule';
import { readPresentationIntent, readRescale, readVoiLut, readWindow } from './dicomPresentation';
import { firstString } from './dicomValues';
import { ImageProblem, readingImage } from './errors';
import { hasDicomPreamble } from './signatures';
import { pixelEncoding, unsupportedTransferSyntax } from './transferSyntax';

/**
 * A DICOM Part 10 mammogram -> DecodedImage. Parsing is dcmjs; native little/big endian, deflated
 * and JPEG Lossless (.57, .70) pixel data are decoded. Every failure is an UnreadableImageError
 * naming `name` (a path or an Orthanc instance id).
 */
export function decodeDicom(bytes: Uint8Array, name: string): DecodedImage {
  return readingImage(name, 'cannot parse the DICOM file; it may be truncated or corrupt', () => {
    if (!hasDicomPreamble(bytes)) {
      throw new ImageProblem("not a DICOM file (no 'DICM' marker at byte 128; a Part 10 file is expected)");
    }
    const { meta, ds } = parse(bytes);
    const transferSyntax = firstString(meta, 'TransferSyntaxUID');
    if (!transferSyntax) throw new ImageProblem('the file meta information has no Transfer Syntax UID');
    const encoding = pixelEncoding(transferSyntax);
    if (!encoding) throw new ImageProblem(unsupportedTransferSyntax(transferSyntax));

    const pixelModule = readPixelModule(ds);
    const littleEndian = encoding.kind !== 'native' || encoding.littleEndian;
    const rescale = readRescale(ds);
    const window = readWindow(ds);
    const voiLut = readVoiLut(ds, pixelModule.signed, littleEndian);
    const presentationIntent = readPresentationIntent(ds);
    return {
      width: pixelModule.columns,
      height: pixelModule.rows,
      pixels: decodePixelData(ds, encoding, pixelModule),
      bitsStored: pixelModule.bitsStored,
      photometric: pixelModule.photometric,
      ...(rescale && { rescale }),
      ...(window && { window }),
      ...(voiLut && { voiLut }),
      pixelSpacing: readPixelSpacing(ds),
      laterality: readLaterality(ds),
      view: readView(ds),
      ...(presentationIntent && { presentationIntent }),
      source: {
        kind: 'dicom',
        name,
        ...uid('sopInstanceUid', firstString(ds, 'SOPInstanceUID')),
        ...uid('seriesInstanceUid', firstString(ds, 'SeriesInstanceUID')),
        ...uid('studyInstanceUid', firstString(ds, 'StudyInstanceUID')),
      },
    };
  });
}

function parse(bytes: Uint8Array): { meta: NaturalizedDataset; ds: NaturalizedDataset } {
  // dcmjs wants an ArrayBuffer of the file alone; a Node Buffer is often a view into a pool.
  const file = dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer);
  const dictionary = dcmjs.data.DicomMetaDictionary;
  return { meta: dictionary.naturalizeDataset(file.meta), ds: dictionary.naturalizeDataset(file.dict) };
}

function uid<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
