import {
  DicomRenderError,
  readPart10,
  sourceImageFromDataset,
  studyContextFromDataset,
  type SourceImage,
  type StudyContext,
} from '@sentinelle/reporting';
import { readStudy } from '../intake/readStudy';
import type { OrthancClient } from '../orthanc/client';

/** A study's 2D mammography images as the renderers take them, and its patient and study attributes. */
export interface StudySources {
  /** In series then instance order, as the analysis lists them. */
  readonly sources: readonly SourceImage[];
  /** From the first image's header; undefined when the study has no mammography image. */
  readonly context: StudyContext | undefined;
}

/**
 * Reads the study's mammography images from Orthanc (the ones intake counts: 2D MG, Sentinelle's
 * own objects excluded), each from its header without the pixel data. Undefined when Orthanc no
 * longer holds the study. A header the renderers cannot use throws DicomRenderError.
 */
export async function readStudySources(
  orthanc: OrthancClient,
  orthancStudyId: string,
): Promise<StudySources | undefined> {
  const snapshot = await readStudy(orthanc, orthancStudyId);
  if (!snapshot) return undefined;
  const datasets = await Promise.all(
    snapshot.images.map(async (image) => {
      const header = await orthanc.instanceHeader(image.orthancId);
      if (!header) return undefined; // deleted meanwhile
      try {
        return readPart10(header);
      } catch (error) {
        throw new DicomRenderError(
          `image ${image.sopInstanceUid} of the study cannot be read as DICOM: ${(error as Error).message}`,
        );
      }
    }),
  );
  const present = datasets.filter((dataset) => dataset !== undefined);
  return {
    sources: present.map(sourceImageFromDataset),
    context: present[0] && studyContextFromDataset(present[0]),
  };
}
