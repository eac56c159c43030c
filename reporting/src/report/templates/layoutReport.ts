import type { ReportDocument } from '../document';
import type { Report, ReportSignature } from '../model';
import { bytesOfBase64 } from './base64';
import { aiModelNotice } from '../text/aiModelNotice';
import { labelled } from '../text/typography';
import { DEFAULT_HEADINGS, DEFAULT_TITLES } from './defaultWording';
import { identificationLines } from './identificationLines';
import { sectionBody } from './sectionBody';
import { signatureLines } from './signatureLines';
import type { ReportTemplate } from './templateSchema';

const TEMPLATE_LABEL = { fr: 'Modèle de compte rendu', en: 'Report template' } as const;

/** Small print: the research model's notice when there is one, and the template that laid the report out. */
function footerLines(report: Report, template: ReportTemplate): string[] {
  const { locale, aiSummary } = report.content;
  const id = `${template.institution}/${template.locale}`;
  return [
    ...(aiSummary?.model.researchOnly ? [aiModelNotice(locale, aiSummary.model)] : []),
    labelled(locale, TEMPLATE_LABEL[locale], `${id}, version ${template.version}`),
  ];
}

/**
 * Lays a report out with a site's template, in the report's language: header, title,
 * identification, the template's sections in its order (those with nothing to say left out),
 * the signature block (null for a draft, its time on the clocks of `options.timeZone`, Europe/Paris
 * by default) and the footer. Throws when the template is worded in another language than the report.
 */
export function layoutReport(
  report: Report,
  template: ReportTemplate,
  signature: ReportSignature | null,
  options: { readonly timeZone?: string } = {},
): ReportDocument {
  const { locale, examType } = report.content;
  if (template.locale !== locale)
    throw new Error(
      `report template ${template.institution} v${template.version} is in "${template.locale}", the report in "${locale}"`,
    );
  const headings = { ...DEFAULT_HEADINGS[locale], ...template.wording?.headings };
  const { logoPng } = template.header;
  return {
    locale,
    header: {
      institutionName: template.header.institutionName ?? report.study.institutionName ?? '',
      addressLines: [...template.header.addressLines],
      logoPng: logoPng === null ? null : bytesOfBase64(logoPng),
    },
    title: template.wording?.title ?? DEFAULT_TITLES[locale][examType],
    identification: identificationLines(report),
    sections: template.sections
      .map((section) => ({ heading: headings[section], body: sectionBody(section, report) }))
      .filter((section) => section.body.length > 0),
    signature: signature === null ? null : signatureLines(locale, signature, options.timeZone),
    footer: footerLines(report, template),
  };
}
