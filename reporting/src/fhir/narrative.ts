/**
 * Narratives (Resource.text) in the report's language: the words each resource's human-readable
 * XHTML uses, and the few helpers that build it with every text escaped.
 */
import type { BreastLaterality } from '../findings/imageFindings';
import type { LesionType, MassShape } from '../findings/lesion';
import type { BiradsCategory } from '../findings/readerReview';
import type {
  BreastComposition,
  BreastLocation,
  ExamType,
  MassMargin,
  Recommendation,
  ReportLocale,
  RichText,
  TextRun,
} from '../report/model';
import { reportLabels } from '../report/text/labels';
import { biradsLexicon } from '../report/text/lexicon';
import { escapeXmlAttribute, escapeXmlText } from './xmlScan';

export const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

export interface NarrativeWords {
  readonly examTitle: Readonly<Record<ExamType, string>>;
  readonly breast: Readonly<Record<BreastLaterality, string>>;
  readonly location: Readonly<Record<BreastLocation, string>>;
  readonly clock: (hour: number) => string;
  readonly findingType: Readonly<Record<LesionType, string>>;
  readonly shape: Readonly<Record<MassShape, string>>;
  readonly margin: Readonly<Record<MassMargin, string>>;
  readonly composition: Readonly<Record<BreastComposition, string>>;
  readonly recommendation: Readonly<Record<Recommendation, string>>;
  /** Between a label and its value: French sets a (no-break) space before the colon. */
  readonly colon: string;
  readonly headings: {
    readonly indication: string;
    readonly comparison: string;
    readonly composition: string;
    readonly findings: string;
    readonly impression: string;
    readonly assessment: string;
    readonly recommendations: string;
    readonly notes: string;
    readonly ai: string;
  };
  readonly shapeLabel: string;
  readonly marginLabel: string;
  readonly sizeLabel: string;
  readonly notMeasured: string;
  readonly views: (views: readonly string[]) => string;
  readonly overall: string;
  readonly biradsText: (category: BiradsCategory) => string;
  readonly assessmentTitle: string;
  readonly compositionTitle: string;
  readonly aiScoreLabel: string;
  /** The report's AI summary (category, exam score, lesions), then the model and its status. */
  readonly aiSummary: (summary: string, model: string, researchOnly: boolean) => string;
  readonly signedBy: (name: string, when: string) => string;
  readonly addendum: (version: number, previous: number, previousSignedAt: string) => string;
  readonly reportVersion: (version: number) => string;
  readonly pdfTitle: (exam: string, version: number) => string;
  readonly born: (sex: 'F' | 'M' | 'O' | null, date: string) => string;
  readonly patientId: string;
  readonly accession: string;
  readonly studyDate: string;
  readonly login: string;
  readonly date: (isoDate: string) => string;
  readonly number: (value: number, fractionDigits: number) => string;
}

const numberFormat =
  (locale: string) =>
  (value: number, fractionDigits: number): string =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: fractionDigits }).format(
      value,
    );

/** The BI-RADS terms are the report's own (one lexicon), under the narrative's names. */
function wordsOfTheLexicon(
  locale: ReportLocale,
): Pick<NarrativeWords, 'shape' | 'margin' | 'composition' | 'recommendation' | 'biradsText'> {
  const lexicon = biradsLexicon(locale);
  return {
    shape: lexicon.shape,
    margin: lexicon.margin,
    composition: lexicon.composition,
    recommendation: lexicon.recommendation,
    biradsText: (category) => lexicon.assessment(category),
  };
}

const FRENCH: NarrativeWords = {
  ...wordsOfTheLexicon('fr'),
  ...reportLabels('fr'),
  colon: '\u00a0: ',
  headings: {
    indication: 'Indication',
    comparison: 'Comparaison',
    composition: 'Composition mammaire',
    findings: 'Résultats',
    impression: 'Conclusion',
    assessment: 'Classification BI-RADS',
    recommendations: 'Recommandations',
    notes: 'Notes',
    ai: 'Analyse par intelligence artificielle',
  },
  shapeLabel: 'forme',
  marginLabel: 'contours',
  sizeLabel: 'taille',
  notMeasured: 'non mesurée',
  views: (views) => `${views.length > 1 ? 'incidences' : 'incidence'} ${views.join(', ')}`,
  overall: 'Synthèse',
  assessmentTitle: 'Classification BI-RADS',
  compositionTitle: 'Composition mammaire',
  aiScoreLabel: "Score de l'IA",
  aiSummary: (summary, model, researchOnly) =>
    `${summary} Modèle ${model}${researchOnly ? ', usage réservé à la recherche' : ''}.`,
  signedBy: (name, when) => `Signé électroniquement par ${name} le ${when}`,
  addendum: (version, previous, previousSignedAt) =>
    `Addendum (version ${version}) au compte rendu version ${previous} signé le ${previousSignedAt}`,
  reportVersion: (version) => `Compte rendu, version ${version}`,
  pdfTitle: (exam, version) => `Compte rendu signé — ${exam} (version ${version})`,
  born: (sex, date) => `${sex === 'F' ? 'née' : sex === 'M' ? 'né' : 'né(e)'} le ${date}`,
  patientId: 'Identifiant patient',
  accession: "Numéro d'examen",
  studyDate: "Date de l'examen",
  login: 'Identifiant',
  date: (iso) => {
    const [year, month, day] = iso.split('-');
    return `${day}/${month}/${year}`;
  },
  number: numberFormat('fr-FR'),
};

const ENGLISH: NarrativeWords = {
  ...wordsOfTheLexicon('en'),
  ...reportLabels('en'),
  colon: ': ',
  headings: {
    indication: 'Indication',
    comparison: 'Comparison',
    composition: 'Breast composition',
    findings: 'Findings',
    impression: 'Impression',
    assessment: 'BI-RADS assessment',
    recommendations: 'Recommendations',
    notes: 'Notes',
    ai: 'Artificial intelligence analysis',
  },
  shapeLabel: 'shape',
  marginLabel: 'margins',
  sizeLabel: 'size',
  notMeasured: 'not measured',
  views: (views) => `${views.length > 1 ? 'views' : 'view'} ${views.join(', ')}`,
  overall: 'Overall',
  assessmentTitle: 'BI-RADS assessment',
  compositionTitle: 'Breast composition',
  aiScoreLabel: 'AI score',
  aiSummary: (summary, model, researchOnly) =>
    `${summary} Model ${model}${researchOnly ? ', for research use only' : ''}.`,
  signedBy: (name, when) => `Electronically signed by ${name} on ${when}`,
  addendum: (version, previous, previousSignedAt) =>
    `Addendum (version ${version}) to report version ${previous} signed on ${previousSignedAt}`,
  reportVersion: (version) => `Report, version ${version}`,
  pdfTitle: (exam, version) => `Signed report — ${exam} (version ${version})`,
  born: (_sex, date) => `born ${date}`,
  patientId: 'Patient ID',
  accession: 'Accession number',
  studyDate: 'Study date',
  login: 'Login',
  date: (iso) => iso,
  number: numberFormat('en-GB'),
};

export function narrativeWords(locale: ReportLocale): NarrativeWords {
  return locale === 'fr' ? FRENCH : ENGLISH;
}

/** An XHTML fragment: built only by the helpers below, so every text in it is escaped. */
export interface Xhtml {
  readonly xhtml: string;
}

type Content = string | Xhtml | readonly (string | Xhtml)[];

function render(content: Content): string {
  if (typeof content === 'string') return escapeXmlText(content);
  if (Array.isArray(content)) return (content as readonly (string | Xhtml)[]).map(render).join('');
  return (content as Xhtml).xhtml;
}

/** An element of the narrative's XHTML subset (FHIR R4 §2.4 / txt-1): p, b, i, ul, li, h2, br… */
export function tag(
  name: string,
  content: Content = [],
  attributes: Readonly<Record<string, string>> = {},
): Xhtml {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`)
    .join('');
  const inner = render(content);
  return {
    xhtml: inner === '' && name === 'br' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`,
  };
}

/** Text with its line breaks kept, as <br/>. */
export function lines(text: string): Xhtml[] {
  const parts: Xhtml[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (index > 0) parts.push(tag('br'));
    parts.push({ xhtml: escapeXmlText(line) });
  });
  return parts;
}

function runs(items: readonly TextRun[]): Xhtml[] {
  return items.map((run) => {
    let content: Xhtml = { xhtml: escapeXmlText(run.text) };
    if (run.italic) content = tag('i', content);
    if (run.bold) content = tag('b', content);
    return content;
  });
}

/** The clinician's notes (paragraphs and lists of styled runs) as XHTML blocks. */
export function richText(text: RichText): Xhtml[] {
  return text.map((block) =>
    block.kind === 'paragraph'
      ? tag('p', runs(block.runs))
      : tag(
          'ul',
          block.items.map((item) => tag('li', runs(item))),
        ),
  );
}

/** The narrative's root: the XHTML div with the report's language. */
export function narrativeDiv(locale: ReportLocale, blocks: readonly Xhtml[]): string {
  return `<div xmlns="${XHTML_NAMESPACE}" lang="${locale}" xml:lang="${locale}">${render(blocks)}</div>`;
}
