import type { Lesion, MassShape } from '../findings/lesion';
import type { ScreeningCategory } from '../findings/operatingPoints';
import type { MassMargin } from '../report/model';
import { VALUES } from './codes';
import type { CodedConcept } from './types';

/** TID 1500 finding: CID 6054 Breast Imaging Findings, for an AI lesion or a reader's finding. */
export function breastImagingFinding(lesion: Pick<Lesion, 'type'>): CodedConcept {
  return lesion.type === 'mass' ? VALUES.mammographicBreastMass : VALUES.calcificationCluster;
}

/** TID 4006 single image finding: CID 6014 (a one-view mass is a BI-RADS "density"). */
export function singleImageFinding(lesion: Pick<Lesion, 'type'>): CodedConcept {
  return lesion.type === 'mass' ? VALUES.mammographyBreastDensity : VALUES.calcificationCluster;
}

/** TID 4004 composite feature (CID 6016): a lesion seen on CC and MLO is a mass, not a one-view density. */
export function compositeFeature(lesion: Pick<Lesion, 'type'>): CodedConcept {
  return lesion.type === 'mass' ? VALUES.mammographicBreastMass : VALUES.calcificationCluster;
}

/** The screening category as the private scheme codes it. */
export function screeningCategoryCode(category: ScreeningCategory): CodedConcept {
  switch (category) {
    case 'elevated':
      return VALUES.elevated;
    case 'intermediate':
      return VALUES.intermediate;
    case 'likelyNormal':
      return VALUES.likelyNormal;
  }
}

/** CID 6004 Mammography Characteristics of Shape. */
export function shapeCode(shape: MassShape): CodedConcept {
  switch (shape) {
    case 'round':
      return VALUES.roundShape;
    case 'oval':
      return VALUES.ovalShape;
    case 'irregular':
      return VALUES.irregularShape;
  }
}

/** CID 6006 Mammography Characteristics of Margin. */
export function marginCode(margin: MassMargin): CodedConcept {
  switch (margin) {
    case 'circumscribed':
      return VALUES.circumscribedLesion;
    case 'obscured':
      return VALUES.obscuredLesion;
    case 'microlobulated':
      return VALUES.microlobulatedLesion;
    case 'indistinct':
      return VALUES.indistinctLesion;
    case 'spiculated':
      return VALUES.spiculatedLesion;
  }
}

/** CID 244 Laterality (finding site modifier, TID 1602 image laterality). */
export function lateralityCode(laterality: 'L' | 'R'): CodedConcept {
  return laterality === 'R' ? VALUES.right : VALUES.left;
}

/** CID 6022 Side (Mammography CAD image laterality). */
export function breastSideCode(laterality: 'L' | 'R'): CodedConcept {
  return laterality === 'R' ? VALUES.rightBreast : VALUES.leftBreast;
}
