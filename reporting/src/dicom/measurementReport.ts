import { CONCEPTS, UNITS, VALUES } from './codes';
import { lateralityCode } from './findingCodes';
import {
  code,
  container,
  contains,
  date,
  hasAcqContext,
  hasConceptMod,
  hasObsContext,
  image,
  num,
  text,
  uidref,
  type Edge,
  type SrNode,
} from './sr/contentItem';
import type { SourceImage, StudyContext } from './types';
import { mammographyViewCode } from './viewCodes';

/**
 * The parts TID 1500 Measurement Reports share, whoever the observer: the image library, the
 * tracking of a measurement group, the finding site.
 */

/** An image of the library: its header, and its laterality when known. */
export interface LibraryImage {
  readonly source: SourceImage;
  readonly laterality: 'L' | 'R' | null;
}

export { MM_DECIMALS } from '../findings/precision';

/** TID 1600/1601/1602/1603: one group of MG images, each with its own descriptors. */
export function imageLibrary(images: readonly LibraryImage[], context: StudyContext): SrNode {
  return container(CONCEPTS.imageLibrary, [
    contains(
      container(CONCEPTS.imageLibraryGroup, [
        hasAcqContext(code(CONCEPTS.modality, VALUES.mammographyModality)),
        context.studyDate ? hasAcqContext(date(CONCEPTS.studyDate, context.studyDate)) : null,
        ...images.map(({ source, laterality }) => {
          const view = source.viewCode ? (mammographyViewCode(source.viewCode) ?? source.viewCode) : null;
          return contains(
            image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid }, [
              laterality ? hasAcqContext(code(CONCEPTS.imageLaterality, lateralityCode(laterality))) : null,
              source.frameOfReferenceUid
                ? hasAcqContext(uidref(CONCEPTS.frameOfReferenceUid, source.frameOfReferenceUid))
                : null,
              hasAcqContext(num(CONCEPTS.pixelDataRows, source.rows, UNITS.pixels)),
              hasAcqContext(num(CONCEPTS.pixelDataColumns, source.columns, UNITS.pixels)),
              view ? hasAcqContext(code(CONCEPTS.imageView, view)) : null,
              source.pixelSpacing
                ? hasAcqContext(
                    num(CONCEPTS.horizontalPixelSpacing, source.pixelSpacing.columnMm, UNITS.millimetre),
                  )
                : null,
              source.pixelSpacing
                ? hasAcqContext(
                    num(CONCEPTS.verticalPixelSpacing, source.pixelSpacing.rowMm, UNITS.millimetre),
                  )
                : null,
            ]),
          );
        }),
      ]),
    ),
  ]);
}

/** A measurement group's Tracking Identifier (for people) and Tracking Unique Identifier. */
export function tracking(identifier: string, uid: string): Edge[] {
  return [
    hasObsContext(text(CONCEPTS.trackingIdentifier, identifier)),
    hasObsContext(uidref(CONCEPTS.trackingUid, uid)),
  ];
}

/** Finding site: breast, with its laterality (CID 244). */
export function findingSite(laterality: 'L' | 'R'): Edge {
  return hasConceptMod(
    code(CONCEPTS.findingSite, VALUES.breast, [
      hasConceptMod(code(CONCEPTS.laterality, lateralityCode(laterality))),
    ]),
  );
}
