import type { ReportDocument, ReportLocale, RichText } from '../../report/index';

/**
 * ReportDocuments as the template will produce them, for the PDF and signature tests: French
 * typography (« », œ, ’, narrow no-break spaces), bold and italic runs, a bullet list, and a long
 * variant that runs over two pages.
 */

const NNBSP = '\u202f';

const FR_FINDINGS: RichText = [
  {
    kind: 'paragraph',
    runs: [
      { text: 'Seins de densité ' },
      { text: 'hétérogène (type c)', bold: true },
      { text: ', pouvant masquer une lésion. ' },
      { text: 'Pas de modification notable depuis l’examen antérieur.', italic: true },
    ],
  },
  {
    kind: 'list',
    items: [
      [
        {
          text: 'Sein droit : masse ovale à bords circonscrits, quadrant supéro-externe, 12' + NNBSP + 'mm.',
        },
      ],
      [
        { text: 'Sein gauche : ' },
        { text: 'pas d’anomalie', bold: true, italic: true },
        { text: ' ; pas d’œdème cutané, pas de microcalcification suspecte.' },
      ],
    ],
  },
];

const EN_FINDINGS: RichText = [
  {
    kind: 'paragraph',
    runs: [
      { text: 'The breasts are ' },
      { text: 'heterogeneously dense (c)', bold: true },
      { text: ', which may obscure small masses. ' },
      { text: 'No significant change since the prior exam.', italic: true },
    ],
  },
  {
    kind: 'list',
    items: [
      [{ text: 'Right breast: oval circumscribed mass, upper outer quadrant, 12 mm.' }],
      [{ text: 'Left breast: ' }, { text: 'no abnormality', bold: true }, { text: '.' }],
    ],
  },
];

const paragraph = (text: string): RichText[number] => ({ kind: 'paragraph', runs: [{ text }] });

/** Filler that pushes the signature block onto a second page. */
function longNotes(locale: ReportLocale): RichText {
  const sentence =
    locale === 'fr'
      ? 'Commentaire de suivi détaillé, relu et complété par le radiologue avant signature. '
      : 'Detailed follow-up comment, read and completed by the radiologist before signing. ';
  return Array.from({ length: 14 }, (_, i) => paragraph(`${i + 1}. ${sentence.repeat(5)}`));
}

export interface SampleDocumentOptions {
  readonly locale?: ReportLocale;
  /** Enough notes for two pages. */
  readonly long?: boolean;
  readonly logoPng?: Uint8Array | null;
  /** False for a draft. */
  readonly signed?: boolean;
}

export function sampleReportDocument(options: SampleDocumentOptions = {}): ReportDocument {
  const locale = options.locale ?? 'fr';
  const fr = locale === 'fr';
  const notes = options.long ? longNotes(locale) : [];
  return {
    locale,
    header: {
      institutionName: 'Hôpital Saint-Éloi',
      addressLines: ['Service d’imagerie de la femme', `12 rue de l’Œuvre, 34000 Montpellier`],
      logoPng: options.logoPng ?? null,
    },
    title: fr ? 'Compte rendu de mammographie de dépistage' : 'Screening mammography report',
    identification: fr
      ? [
          { label: 'Patiente', value: 'DUPONT Marie' },
          { label: 'Date de naissance', value: '12/03/1968 (57 ans)' },
          { label: 'Identifiant', value: 'IPP-004512' },
          { label: 'Examen', value: `Mammographie bilatérale 2D, 4${NNBSP}incidences, du 03/03/2026` },
        ]
      : [
          { label: 'Patient', value: 'DUPONT Marie' },
          { label: 'Date of birth', value: '1968-03-12 (57 years)' },
          { label: 'Identifier', value: 'IPP-004512' },
          { label: 'Exam', value: 'Bilateral 2D mammography, 4 views, 2026-03-03' },
        ],
    sections: [
      {
        heading: fr ? 'Indication' : 'Indication',
        body: [
          paragraph(
            fr
              ? 'Dépistage organisé ; sœur traitée pour un cancer du sein à 45 ans.'
              : 'Organised screening; sister treated for breast cancer at 45.',
          ),
        ],
      },
      { heading: fr ? 'Résultats' : 'Findings', body: fr ? FR_FINDINGS : EN_FINDINGS },
      {
        heading: fr ? 'Conclusion' : 'Impression',
        body: [
          {
            kind: 'paragraph',
            runs: [
              {
                text: fr ? 'ACR 3 à droite, ACR 1 à gauche. ' : 'BI-RADS 3 right, BI-RADS 1 left. ',
                bold: true,
              },
              { text: fr ? 'Contrôle à 6 mois, lésion ≥ 10 mm.' : 'Follow-up in 6 months, lesion ≥ 10 mm.' },
            ],
          },
        ],
      },
      ...(notes.length > 0 ? [{ heading: fr ? 'Notes' : 'Notes', body: notes }] : []),
    ],
    signature:
      options.signed === false
        ? null
        : fr
          ? ['Signé électroniquement par Dr Claire Martin', 'le 3 mars 2026 à 10:15']
          : ['Electronically signed by Dr Claire Martin', 'on 3 March 2026 at 10:15'],
    footer: fr
      ? [
          'Analyse assistée par un modèle de recherche « mammo-cnn » 0.3 : ne remplace pas la lecture du radiologue.',
          'Modèle de compte rendu « dépistage » v1',
        ]
      : [
          'Assisted by the research model “mammo-cnn” 0.3: it does not replace the radiologist’s reading.',
          'Report template “screening” v1',
        ],
  };
}
