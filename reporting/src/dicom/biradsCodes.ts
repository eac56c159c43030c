import type { BiradsCategory } from '../findings/readerReview';
import type { BreastComposition, Recommendation } from '../report/model';
import { VALUES } from './codes';
import type { CodedConcept } from './types';

/** BI-RADS terms as the codes the Breast Imaging Report templates (TID 4200 family) take. */

/** CID 6026 Mammography Assessment. */
export function assessmentCode(category: BiradsCategory): CodedConcept {
  switch (category) {
    case '0':
      return VALUES.biradsIncomplete;
    case '1':
      return VALUES.biradsNegative;
    case '2':
      return VALUES.biradsBenign;
    case '3':
      return VALUES.biradsProbablyBenign;
    case '4':
      return VALUES.biradsSuspicious;
    case '4A':
      return VALUES.biradsLowSuspicion;
    case '4B':
      return VALUES.biradsIntermediateSuspicion;
    case '4C':
      return VALUES.biradsModerateSuspicion;
    case '5':
      return VALUES.biradsHighlySuggestive;
    case '6':
      return VALUES.biradsKnownMalignancy;
  }
}

/** CID 6000 Overall Breast Composition. */
export function compositionCode(composition: BreastComposition): CodedConcept {
  switch (composition) {
    case 'a':
      return VALUES.almostEntirelyFat;
    case 'b':
      return VALUES.scatteredFibroglandularDensities;
    case 'c':
      return VALUES.heterogeneouslyDense;
    case 'd':
      return VALUES.extremelyDense;
  }
}

/** CID 6028 Mammography Recommended Follow-up. */
export function followUpCode(recommendation: Recommendation): CodedConcept {
  switch (recommendation) {
    // CID 6028 has no "additional imaging": the workup may be views or ultrasound.
    case 'additional-imaging':
      return VALUES.evaluationProcedure;
    case 'prior-comparison':
      return VALUES.oldFilmsForComparison;
    case 'routine-screening':
      return VALUES.normalIntervalFollowUp;
    case 'short-interval-follow-up':
      return VALUES.shortIntervalFollowUp;
    case 'biopsy':
      return VALUES.biopsyShouldBeConsidered;
    case 'surgical-consultation':
      return VALUES.surgicalConsult;
    // BI-RADS's words for management that rests on the clinical examination.
    case 'clinical-correlation':
      return VALUES.biopsyOnClinicalAssessment;
  }
}
