import type { BreastLaterality } from '../../findings/imageFindings';
import type { LesionType } from '../../findings/lesion';
import type { BreastLocation, ExamType, ReportLocale } from '../model';

/**
 * The report's terms as labels, standing alone ("Sein droit", "quadrant supéro-externe"): for
 * headings, lists and menus, where the lexicon's sentence forms ("dans le quadrant…") do not fit.
 */
export interface ReportLabels {
  readonly examTitle: Readonly<Record<ExamType, string>>;
  readonly breast: Readonly<Record<BreastLaterality, string>>;
  readonly location: Readonly<Record<BreastLocation, string>>;
  readonly clock: (hour: number) => string;
  readonly findingType: Readonly<Record<LesionType, string>>;
}

const LABELS: Readonly<Record<ReportLocale, ReportLabels>> = {
  fr: {
    examTitle: { screening: 'Mammographie de dépistage', diagnostic: 'Mammographie de diagnostic' },
    breast: { R: 'Sein droit', L: 'Sein gauche' },
    location: {
      'upper-outer': 'quadrant supéro-externe',
      'upper-inner': 'quadrant supéro-interne',
      'lower-outer': 'quadrant inféro-externe',
      'lower-inner': 'quadrant inféro-interne',
      central: 'région centrale',
      retroareolar: 'région rétro-aréolaire',
      'axillary-tail': 'prolongement axillaire',
    },
    clock: (hour) => `${hour} h`,
    findingType: { mass: 'Masse', calcifications: 'Calcifications' },
  },
  en: {
    examTitle: { screening: 'Screening mammography', diagnostic: 'Diagnostic mammography' },
    breast: { R: 'Right breast', L: 'Left breast' },
    location: {
      'upper-outer': 'upper outer quadrant',
      'upper-inner': 'upper inner quadrant',
      'lower-outer': 'lower outer quadrant',
      'lower-inner': 'lower inner quadrant',
      central: 'central region',
      retroareolar: 'retroareolar region',
      'axillary-tail': 'axillary tail',
    },
    clock: (hour) => `${hour} o'clock`,
    findingType: { mass: 'Mass', calcifications: 'Calcifications' },
  },
};

export function reportLabels(locale: ReportLocale): ReportLabels {
  return LABELS[locale];
}
