import type { ReportLocale } from '../model';
import { REPORT_SECTIONS, type ReportTemplate } from './templateSchema';

/**
 * The layout a site gets before it makes its own: every section in the order of a BI-RADS report,
 * the study's institution name, no logo, the default wording.
 */
function defaultTemplate(locale: ReportLocale): ReportTemplate {
  return {
    institution: 'default',
    version: 1,
    locale,
    header: { institutionName: null, addressLines: [], logoPng: null },
    sections: [...REPORT_SECTIONS],
  };
}

export const DEFAULT_TEMPLATES: Readonly<Record<ReportLocale, ReportTemplate>> = {
  fr: defaultTemplate('fr'),
  en: defaultTemplate('en'),
};
