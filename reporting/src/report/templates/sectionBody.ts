import type { Report, ReportLocale, RichText } from '../model';
import { aiSummaryTextFor } from '../text/aiSummaryText';
import { biradsLexicon } from '../text/lexicon/index';
import { techniqueTextFor } from '../text/techniqueText';
import type { ReportSection } from './templateSchema';

const NO_PRIOR_EXAM: Readonly<Record<ReportLocale, string>> = {
  fr: 'Aucun examen antérieur.',
  en: 'No prior examination.',
};

/** Plain text as rich text: each non-empty line a paragraph. */
function paragraphs(text: string): RichText {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => ({ kind: 'paragraph', runs: [{ text: line }] }));
}

/**
 * What a section says, in the report's language; empty when it has nothing to say (no indication,
 * no composition given, no AI summary…), and the layout then leaves it out. The comparison says
 * "none" rather than nothing: a BI-RADS report states whether it compared.
 */
export function sectionBody(section: ReportSection, report: Report): RichText {
  const { content } = report;
  const { locale } = content;
  const lexicon = biradsLexicon(locale);
  switch (section) {
    case 'indication':
      return paragraphs(content.indication);
    case 'comparison':
      return paragraphs(content.comparison.trim() || NO_PRIOR_EXAM[locale]);
    case 'technique':
      return paragraphs(techniqueTextFor(content));
    case 'composition':
      return content.composition ? paragraphs(`${lexicon.composition[content.composition]}.`) : [];
    case 'findings':
      return paragraphs(content.findingsText);
    case 'ai-summary': {
      if (!content.aiSummary) return [];
      const { text, footnote } = aiSummaryTextFor(content.aiSummary, locale);
      return [...paragraphs(text), { kind: 'paragraph', runs: [{ text: footnote, italic: true }] }];
    }
    case 'impression':
      return paragraphs(content.impressionText);
    case 'recommendations':
      return content.recommendations.length
        ? [
            {
              kind: 'list',
              items: content.recommendations.map((item) => [{ text: lexicon.recommendation[item] }]),
            },
          ]
        : [];
    case 'notes':
      return content.notes;
  }
}
