import type { ExamType, ReportLocale } from '../model';
import type { ReportSection } from './templateSchema';

/** Titles and section headings where a template does not word its own. */
export const DEFAULT_TITLES: Readonly<Record<ReportLocale, Readonly<Record<ExamType, string>>>> = {
  fr: {
    screening: 'Compte rendu de mammographie de dépistage',
    diagnostic: 'Compte rendu de mammographie diagnostique',
  },
  en: { screening: 'Screening mammography report', diagnostic: 'Diagnostic mammography report' },
};

export const DEFAULT_HEADINGS: Readonly<Record<ReportLocale, Readonly<Record<ReportSection, string>>>> = {
  fr: {
    indication: 'Indication',
    comparison: 'Examens antérieurs',
    technique: 'Technique',
    composition: 'Densité mammaire',
    findings: 'Résultats',
    'ai-summary': 'Aide à la détection par intelligence artificielle',
    impression: 'Conclusion',
    recommendations: 'Recommandations',
    notes: 'Commentaires',
  },
  en: {
    indication: 'Indication',
    comparison: 'Comparison',
    technique: 'Technique',
    composition: 'Breast composition',
    findings: 'Findings',
    'ai-summary': 'Artificial-intelligence detection aid',
    impression: 'Impression',
    recommendations: 'Recommendations',
    notes: 'Notes',
  },
};
