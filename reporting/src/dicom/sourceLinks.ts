import type { ExamFindings } from '../findings/examFindings';
import type { ImageFindings } from '../findings/imageFindings';
import { DicomRenderError, type SourceImage } from './types';

/** One analysed image and the DICOM image it was analysed from. */
export interface LinkedImage {
  readonly findings: ImageFindings;
  readonly source: SourceImage;
  /** Laterality from the DICOM header, else from the findings. */
  readonly laterality: 'L' | 'R' | null;
  /** A short label for tracking identifiers: "L CC", "R MLO", or the source's position. */
  readonly label: string;
}

export interface LinkedExam {
  readonly images: readonly LinkedImage[];
  readonly studyInstanceUid: string;
}

/**
 * Pairs each image's findings with its source image by SOP Instance UID and checks that they
 * agree: one study, the same pixel grid. Throws DicomRenderError with the offending image's name.
 */
export function linkSources(exam: ExamFindings, sources: readonly SourceImage[], unit: string): LinkedExam {
  const bySopInstance = new Map(sources.map((source) => [source.sopInstanceUid, source]));
  const images = exam.images.map((findings, index): LinkedImage => {
    const uid = findings.imageRef.sopInstanceUid;
    const name = findings.imageRef.name;
    if (uid === undefined) {
      throw new DicomRenderError(
        `${unit}: image "${name}" has no SOP Instance UID; DICOM results need DICOM sources`,
      );
    }
    const source = bySopInstance.get(uid);
    if (!source)
      throw new DicomRenderError(`${unit}: no source image given for "${name}" (SOP Instance ${uid})`);
    if (source.columns !== findings.width || source.rows !== findings.height) {
      throw new DicomRenderError(
        `${unit}: findings for "${name}" are on a ${findings.width}×${findings.height} grid, ` +
          `its source image is ${source.columns}×${source.rows}`,
      );
    }
    const laterality = source.laterality ?? findings.laterality;
    const view = findings.view ?? source.viewCode?.meaning ?? null;
    const label = [laterality, view].filter(Boolean).join(' ') || `image ${index + 1}`;
    return { findings, source, laterality, label };
  });
  const studies = new Set(images.map((image) => image.source.studyInstanceUid));
  const [studyInstanceUid] = studies;
  if (studies.size !== 1 || studyInstanceUid === undefined) {
    throw new DicomRenderError(
      `${unit}: the source images belong to ${studies.size} studies; one report covers one study`,
    );
  }
  return { images, studyInstanceUid };
}
