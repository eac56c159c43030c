/** How the pixel data of a transfer syntax is stored, for the syntaxes Sentinelle decodes. */
export type PixelEncoding =
  | { readonly kind: 'native'; readonly littleEndian: boolean }
  | { readonly kind: 'jpegLossless' };

const SUPPORTED: Readonly<Record<string, PixelEncoding>> = {
  '1.2.840.10008.1.2': { kind: 'native', littleEndian: true }, // implicit VR little endian
  '1.2.840.10008.1.2.1': { kind: 'native', littleEndian: true }, // explicit VR little endian
  // dcmjs inflates the data set as it reads it.
  '1.2.840.10008.1.2.1.99': { kind: 'native', littleEndian: true },
  // dcmjs reads the elements but leaves OW pixel data in file byte order.
  '1.2.840.10008.1.2.2': { kind: 'native', littleEndian: false },
  '1.2.840.10008.1.2.4.57': { kind: 'jpegLossless' }, // process 14, any predictor
  '1.2.840.10008.1.2.4.70': { kind: 'jpegLossless' }, // process 14, first-order predictor
};

/** Names of syntaxes met in mammography that we do not decode, so the message says what it is. */
const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline, lossy',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended, lossy',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

export function pixelEncoding(transferSyntaxUid: string): PixelEncoding | undefined {
  return SUPPORTED[transferSyntaxUid];
}

/** "unsupported transfer syntax 1.2.840.10008.1.2.4.90 (JPEG 2000 Lossless)", and what to do. */
export function unsupportedTransferSyntax(transferSyntaxUid: string): string {
  const name = UNSUPPORTED_NAMES[transferSyntaxUid];
  return (
    `unsupported transfer syntax ${transferSyntaxUid}${name ? ` (${name})` : ''}; ` +
    'send it uncompressed or JPEG Lossless (for example `gdcmconv --raw in.dcm out.dcm`)'
  );
}
