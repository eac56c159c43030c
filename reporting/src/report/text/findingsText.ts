import type { DraftFinding, ReportDraftContent, ReportLocale } from '../model';
import { RIGHT_THEN_LEFT } from './breastOrder';
import { biradsLexicon } from './lexicon/index';
import type { BiradsLexicon } from './lexicon/types';
import { millimetres } from './numbers';
import { agreeing, capitalised, clauses, labelled, listed } from './typography';

/** One finding as a noun phrase, in each language's word order and agreement; `size` is its diameter, written. */
type Describe = (finding: DraftFinding, lexicon: BiradsLexicon, size: string | null) => string;

const DESCRIBE: Readonly<Record<ReportLocale, Describe>> = {
  // "une masse irrégulière de 8 mm à contours spiculés, dans le quadrant supéro-externe à 10 h
  // (incidences CC et MLO)"; "des microcalcifications étendues sur 5 mm (incidence CC)".
  fr: (finding, lexicon, size) => {
    const head =
      finding.type === 'mass'
        ? [
            `une ${lexicon.mass}`,
            finding.shape && lexicon.shape[finding.shape],
            size && `de ${size}`,
            finding.margin && `à contours ${lexicon.margin[finding.margin]}`,
          ]
        : [`des ${lexicon.calcifications}`, size && `étendues sur ${size}`];
    const views = agreeing('fr', finding.views.length, { one: 'incidence', other: 'incidences' });
    return phrase(
      head,
      place(finding, lexicon),
      finding.views.length ? `(${views} ${listed('fr', finding.views)})` : null,
    );
  },
  // "an irregular mass measuring 8 mm with spiculated margins, in the upper outer quadrant at
  // 10 o'clock (CC and MLO views)"; "microcalcifications extending over 5 mm (CC view)".
  en: (finding, lexicon, size) => {
    const head =
      finding.type === 'mass'
        ? [
            withArticle([finding.shape && lexicon.shape[finding.shape], lexicon.mass]),
            size && `measuring ${size}`,
            finding.margin && `with ${lexicon.margin[finding.margin]} margins`,
          ]
        : [lexicon.calcifications, size && `extending over ${size}`];
    const views = agreeing('en', finding.views.length, { one: 'view', other: 'views' });
    return phrase(
      head,
      place(finding, lexicon),
      finding.views.length ? `(${listed('en', finding.views)} ${views})` : null,
    );
  },
};

function place(finding: DraftFinding, lexicon: BiradsLexicon): string | null {
  const parts = [
    finding.location && lexicon.location[finding.location],
    finding.clockPosition === null ? null : lexicon.clockPosition(finding.clockPosition),
  ];
  return words(parts) || null;
}

function phrase(head: readonly (string | null)[], where: string | null, views: string | null): string {
  return `${words(head)}${where ? `, ${where}` : ''}${views ? ` ${views}` : ''}`;
}

function words(parts: readonly (string | null)[]): string {
  return parts.filter((part): part is string => !!part).join(' ');
}

// "a" or "an" by the next word's first letter: right for every word the lexicon puts there.
function withArticle(parts: readonly (string | null)[]): string {
  const noun = words(parts);
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

const SIDE_UNKNOWN: Readonly<Record<ReportLocale, string>> = {
  fr: 'Côté non précisé',
  en: 'Side not specified',
};

const NO_ABNORMALITY: Readonly<Record<ReportLocale, string>> = {
  fr: 'pas d’anomalie décelée',
  en: 'no abnormality detected',
};

/**
 * The findings paragraph: one line per breast, right then left, each breast's findings in the
 * report's order; findings whose side is unknown (a draft) last. A breast imaged without finding
 * reads "pas d'anomalie décelée". Breast
 * composition is not repeated here: it has its own section.
 */
export function findingsTextFor(
  content: Pick<ReportDraftContent, 'locale' | 'findings' | 'breastAssessments'>,
): string {
  const { locale } = content;
  const lexicon = biradsLexicon(locale);
  const describe = (finding: DraftFinding): string =>
    DESCRIBE[locale](finding, lexicon, finding.diameterMm === null ? null : millimetres(finding.diameterMm));
  const shown = RIGHT_THEN_LEFT.filter(
    (side) =>
      content.breastAssessments.some((breast) => breast.laterality === side) ||
      content.findings.some((finding) => finding.laterality === side),
  );
  const lines = shown.map((side) => {
    const own = content.findings.filter((finding) => finding.laterality === side);
    const said = own.length ? clauses(locale, own.map(describe)) : NO_ABNORMALITY[locale];
    return `${labelled(locale, capitalised(lexicon.breast[side]), said)}.`;
  });
  const sideless = content.findings.filter((finding) => finding.laterality === null);
  if (sideless.length)
    lines.push(`${labelled(locale, SIDE_UNKNOWN[locale], clauses(locale, sideless.map(describe)))}.`);
  return lines.join('\n');
}
