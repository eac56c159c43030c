import type { RichText } from '../model';
import { DEFAULT_TEMPLATES } from './defaultTemplates';
import { layoutReport } from './layoutReport';
import type { ReportTemplate } from './templateSchema';
import { LOGO_PNG, screeningReport, SIGNATURE } from '../testing/reportFixtures';

const NB = '\u00A0';

const paragraphs = (...lines: string[]): RichText =>
  lines.map((text) => ({ kind: 'paragraph', runs: [{ text }] }));

describe('layoutReport', () => {
  it('layoutReport lays a signed French report out with the default template', () => {
    const document = layoutReport(screeningReport('fr'), DEFAULT_TEMPLATES.fr, SIGNATURE);
    const researchNotice =
      `Le modèle d’IA «${NB}sentinelle-mias 0.1.0${NB}» est réservé à la recherche et n’est pas un dispositif ` +
      `médical${NB}: ses résultats ne doivent pas servir au diagnostic sans confirmation par un radiologue.`;
    const incomplete =
      'ACR 0 (évaluation incomplète – nécessité d’un complément d’imagerie et/ou des examens antérieurs pour comparaison)';
    expect(document).toEqual({
      locale: 'fr',
      header: { institutionName: 'Centre d’imagerie du Parc', addressLines: [], logoPng: null },
      title: 'Compte rendu de mammographie de dépistage',
      identification: [
        { label: 'Patiente', value: 'DUPONT Marie' },
        { label: 'Identifiant patient', value: 'IPP-004217' },
        { label: 'Date de naissance', value: '12/03/1970' },
        { label: 'Âge à l’examen', value: '56 ans' },
        { label: 'Date de l’examen', value: '24/11/2026' },
        { label: 'Numéro d’accession', value: 'A26-1187' },
      ],
      sections: [
        { heading: 'Indication', body: paragraphs('Dépistage organisé.') },
        { heading: 'Examens antérieurs', body: paragraphs('Mammographie du 02/10/2024.') },
        {
          heading: 'Technique',
          body: paragraphs(
            'Mammographie de dépistage bilatérale, incidences de face et oblique externe. Lecture assistée par un ' +
              'logiciel d’aide à la détection par ' +
              'intelligence artificielle.',
          ),
        },
        {
          heading: 'Densité mammaire',
          body: paragraphs('Seins avec des densités fibroglandulaires éparses (type b).'),
        },
        {
          heading: 'Résultats',
          body: paragraphs(
            `Sein droit${NB}: une masse irrégulière de 8${NB}mm (incidences CC et MLO)${NB}; des microcalcifications ` +
              `étendues sur 6${NB}mm (incidence CC)${NB}; des microcalcifications (incidence MLO).`,
            `Sein gauche${NB}: pas d’anomalie décelée.`,
          ),
        },
        {
          heading: 'Aide à la détection par intelligence artificielle',
          body: [
            ...paragraphs(
              `Résultat de l’IA${NB}: élevé, score d’examen 10/10 (score de malignité${NB}: 0,87). ` +
                `Régions suspectes${NB}: 2 — Lésion 1${NB}: 8${NB}mm, forme irrégulière (sein droit, CC et MLO, ` +
                `à 10 h, tiers moyen) — Lésion 2${NB}: 5${NB}mm, microcalcifications (sein droit, CC, tiers antérieur).`,
            ),
            { kind: 'paragraph', runs: [{ text: researchNotice, italic: true }] },
          ],
        },
        {
          heading: 'Conclusion',
          body: paragraphs(
            `Sein droit${NB}: ${incomplete}.`,
            `Sein gauche${NB}: ACR 1 (négatif).`,
            `Classification globale${NB}: ${incomplete}.`,
          ),
        },
        {
          heading: 'Recommandations',
          body: [{ kind: 'list', items: [[{ text: 'Bilan d’imagerie complémentaire' }]] }],
        },
        {
          heading: 'Commentaires',
          body: [{ kind: 'paragraph', runs: [{ text: 'Échographie le jour même.', bold: true }] }],
        },
      ],
      signature: ['Signé électroniquement par Dr Claire MARTIN le 24/11/2026 à 15h05'],
      footer: [researchNotice, `Modèle de compte rendu${NB}: default/fr, version 1`],
    });
  });

  it('layoutReport lays an English addendum out with a site template, its order, wording and logo', () => {
    const template: ReportTemplate = {
      institution: 'paris-parc',
      version: 3,
      locale: 'en',
      header: {
        institutionName: 'Parc Imaging Centre',
        addressLines: ['12 rue du Parc', '75015 Paris'],
        logoPng: LOGO_PNG,
      },
      sections: ['indication', 'findings', 'impression', 'recommendations', 'ai-summary'],
      wording: { title: 'Mammography report', headings: { impression: 'Conclusion' } },
    };
    const addendum = {
      ...SIGNATURE,
      signedAt: '2026-11-26T08:40:00.000Z',
      version: 2,
      amends: { version: 1, signedAt: SIGNATURE.signedAt },
    };
    const document = layoutReport(screeningReport('en'), template, addendum);
    expect(document.header.institutionName).toBe('Parc Imaging Centre');
    expect(document.header.addressLines).toEqual(['12 rue du Parc', '75015 Paris']);
    expect(Buffer.from(document.header.logoPng!).toString('base64')).toBe(LOGO_PNG);
    expect(document.title).toBe('Mammography report');
    expect(document.identification).toEqual([
      { label: 'Patient', value: 'DUPONT Marie' },
      { label: 'Patient ID', value: 'IPP-004217' },
      { label: 'Date of birth', value: '12 March 1970' },
      { label: 'Age at examination', value: '56 years' },
      { label: 'Examination date', value: '24 November 2026' },
      { label: 'Accession number', value: 'A26-1187' },
    ]);
    expect(document.sections.map((section) => section.heading)).toEqual([
      'Indication',
      'Findings',
      'Conclusion',
      'Recommendations',
      'Artificial-intelligence detection aid',
    ]);
    expect(document.sections[4]!.body[0]).toEqual(
      paragraphs(
        'AI result: elevated, exam score 10/10 (malignancy score: 0.87). Suspicious regions: 2 — ' +
          'Lesion 1: 8\u00A0mm, irregular shape (right breast, CC and MLO, at 10 o’clock, middle third) — ' +
          'Lesion 2: 5\u00A0mm, microcalcifications (right breast, CC, anterior third).',
      )[0],
    );
    expect(document.signature).toEqual([
      'Addendum (version 2) to report version 1 signed on 24 November 2026 at 15:05',
      'Electronically signed by Dr Claire MARTIN on 26 November 2026 at 09:40',
    ]);
    expect(document.footer).toEqual([
      'The AI model “sentinelle-mias 0.1.0” is for research use only and is not a medical device: its results ' +
        'must not be used for diagnosis without confirmation by a radiologist.',
      'Report template: paris-parc/en, version 3',
    ]);
  });

  it('layoutReport words an addendum in French', () => {
    const addendum = {
      ...SIGNATURE,
      signedAt: '2026-11-26T08:40:00.000Z',
      version: 2,
      amends: { version: 1, signedAt: SIGNATURE.signedAt },
    };
    expect(layoutReport(screeningReport('fr'), DEFAULT_TEMPLATES.fr, addendum).signature).toEqual([
      'Addendum (version 2) au compte rendu version 1 signé le 24/11/2026 à 15h05',
      'Signé électroniquement par Dr Claire MARTIN le 26/11/2026 à 09h40',
    ]);
  });

  it('layoutReport leaves out empty sections and the research notice, says "no prior", and has no signature for a draft', () => {
    const report = screeningReport('fr');
    const bare = {
      ...report,
      patient: { ...report.patient, birthDate: null, sex: null },
      study: { ...report.study, accessionNumber: null, institutionName: null },
      content: {
        ...report.content,
        indication: '',
        comparison: ' ',
        composition: null,
        aiSummary: null,
        notes: [],
      },
    };
    const document = layoutReport(bare, DEFAULT_TEMPLATES.fr, null);
    expect(document.header.institutionName).toBe('');
    expect(document.identification.map((line) => line.label)).toEqual([
      'Patient',
      'Identifiant patient',
      'Date de l’examen',
    ]);
    expect(document.sections.map((section) => section.heading)).toEqual([
      'Examens antérieurs',
      'Technique',
      'Résultats',
      'Conclusion',
      'Recommandations',
    ]);
    expect(document.sections[0]!.body).toEqual(paragraphs('Aucun examen antérieur.'));
    expect(document.sections[1]!.body).toEqual(
      paragraphs('Mammographie de dépistage bilatérale, incidences de face et oblique externe.'),
    );
    expect(document.signature).toBeNull();
    expect(document.footer).toEqual([`Modèle de compte rendu${NB}: default/fr, version 1`]);
  });

  it('layoutReport refuses a template worded in another language than the report', () => {
    expect(() => layoutReport(screeningReport('fr'), DEFAULT_TEMPLATES.en, null)).toThrow(
      'report template default v1 is in "en", the report in "fr"',
    );
  });
});
