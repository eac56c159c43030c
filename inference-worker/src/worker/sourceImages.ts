import type { NaturalizedDataset } from 'dcmjs';
import { OrthancRequestError } from '@sentinelle/config';
import { readPart10, sourceImageFromDataset, type SourceImage } from '@sentinelle/reporting';
import { decodeDicom } from '../decode/index';
import type { DecodedImage } from '../image/decodedImage';
import { PermanentAnalysisError, StudyGoneError } from './failures';
import type { InstanceInfo, WorkerOrthancClient } from './orthancClient';

/** Digital Mammography X-Ray Image Storage, For Presentation and For Processing. */
const MAMMOGRAPHY_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.1.2',
  '1.2.840.10008.5.1.4.1.1.1.2.1',
]);

/** One image of the job as Orthanc gave it: uncompressed Part 10 bytes. */
export interface FetchedInstance {
  readonly info: InstanceInfo;
  readonly bytes: Uint8Array;
  /** "image 2 of 4 (Orthanc instance …)", for messages. */
  readonly label: string;
}

/** One image ready for the model and for the renderers. */
export interface SourceInstance {
  readonly orthancId: string;
  readonly image: DecodedImage;
  readonly source: SourceImage;
  /** The header as dcmjs naturalizes it (pixel data included). */
  readonly dataset: NaturalizedDataset;
}

/**
 * Fetches every image with its pixels decoded by Orthanc (see WorkerOrthancClient.uncompressedFile).
 * A deleted image throws StudyGoneError; pixel data Orthanc cannot decode, PermanentAnalysisError.
 */
export async function fetchInstances(
  orthanc: WorkerOrthancClient,
  ids: readonly string[],
): Promise<FetchedInstance[]> {
  return Promise.all(
    ids.map(async (id, index) => {
      const label = `image ${index + 1} of ${ids.length} (Orthanc instance ${id})`;
      const info = await orthanc.instance(id);
      if (!info) throw new StudyGoneError(`${label} was deleted from Orthanc before it was analysed`);
      let bytes: Uint8Array | undefined;
      try {
        bytes = await orthanc.uncompressedFile(info);
      } catch (error) {
        // Orthanc answers 500 "Cannot transcode" for pixel data it cannot decode (corrupt, or a
        // compression none of its codecs reads): the same answer every time.
        if (error instanceof OrthancRequestError && /cannot transcode/i.test(error.details ?? '')) {
          throw new PermanentAnalysisError(
            `Orthanc cannot decode the pixel data of ${label} (transfer syntax ${info.transferSyntax ?? 'unknown'}): ` +
              `${error.details}; the image may be corrupt`,
            { cause: error },
          );
        }
        throw error;
      }
      if (!bytes) throw new StudyGoneError(`${label} was deleted from Orthanc before it was analysed`);
      return { info, bytes, label };
    }),
  );
}

/**
 * Decodes the fetched images with the one DICOM decoder and reads their headers. Refuses what is
 * not a mammogram and what the decoder cannot read (UnreadableImageError: colour, multi-frame,
 * truncated...). A missing pixel spacing is not an error: the lesions of that image get no size
 * in mm (diameterMm null), their position and outline are still reported.
 */
export function decodeInstances(fetched: readonly FetchedInstance[]): SourceInstance[] {
  return fetched.map(({ info, bytes, label }) => {
    const dataset = readHeader(bytes, label);
    const modality = typeof dataset.Modality === 'string' ? dataset.Modality : undefined;
    const sopClass = typeof dataset.SOPClassUID === 'string' ? dataset.SOPClassUID : info.sopClassUid;
    if (modality !== 'MG' && !MAMMOGRAPHY_SOP_CLASSES.has(sopClass ?? '')) {
      throw new PermanentAnalysisError(
        `${label} is not a mammogram (Modality ${modality ?? 'missing'}, SOP Class ${sopClass ?? 'missing'})`,
      );
    }
    const image = decodeDicom(bytes, label);
    if (image.source.sopInstanceUid !== info.sopInstanceUid) {
      throw new PermanentAnalysisError(
        `Orthanc returned ${label} with SOP Instance UID ${image.source.sopInstanceUid ?? 'none'} instead of ` +
          `${info.sopInstanceUid}; results must reference the stored image`,
      );
    }
    return { orthancId: info.id, image, source: sourceImageFromDataset(dataset), dataset };
  });
}

function readHeader(bytes: Uint8Array, label: string): NaturalizedDataset {
  try {
    return readPart10(bytes);
  } catch (error) {
    throw new PermanentAnalysisError(
      `${label} cannot be read as DICOM (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}
