import { crc32, deflateSync } from 'node:zlib';
import { renderReportPdf } from './index';
import { pdfFonts, pdfImages, pdfInfo, pdfPages } from './testing/poppler';
import { sampleReportDocument } from './testing/sampleDocument';

const CREATED_AT = new Date('2026-03-03T10:15:00Z');

/** A solid-colour RGB PNG, built here so that the test needs no image file. */
function solidPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The text as one line: layout wraps lines and may space words apart (no-break spaces included). */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('renderReportPdf', () => {
  test('renderReportPdf writes a French report whose text pdftotext reads back with its accents, « » and œ', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ locale: 'fr' }), { createdAt: CREATED_AT });
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = flat(pages[0]!);
    for (const expected of [
      'Hôpital Saint-Éloi',
      'Service d’imagerie de la femme',
      '12 rue de l’Œuvre, 34000 Montpellier',
      'Compte rendu de mammographie de dépistage',
      'Patiente',
      'DUPONT Marie',
      'Mammographie bilatérale 2D, 4 incidences, du 03/03/2026',
      'Indication',
      'sœur traitée pour un cancer du sein à 45 ans',
      'Seins de densité hétérogène (type c), pouvant masquer une lésion.',
      'Pas de modification notable depuis l’examen antérieur.',
      '• Sein droit : masse ovale à bords circonscrits, quadrant supéro-externe, 12 mm.',
      'pas d’œdème cutané',
      'ACR 3 à droite, ACR 1 à gauche.',
      'Contrôle à 6 mois, lésion >= 10 mm.',
      'Signé électroniquement par Dr Claire Martin',
      'le 3 mars 2026 à 10:15',
      'modèle de recherche « mammo-cnn » 0.3',
      'Page 1/1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('renderReportPdf sets bold and italic runs in the standard Helvetica faces, not embedded, WinAnsi-encoded', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ locale: 'fr' }), { createdAt: CREATED_AT });
    const fonts = await pdfFonts(pdf);
    expect(fonts.map((font) => font.name).sort()).toEqual([
      'Helvetica',
      'Helvetica-Bold',
      'Helvetica-BoldOblique',
      'Helvetica-Oblique',
    ]);
    expect(
      fonts.every((font) => font.type === 'Type 1' && font.encoding === 'WinAnsi' && !font.embedded),
    ).toBe(true);
  });

  test('renderReportPdf numbers every page "Page i/n" in French, with the footer and, after the first page, a running header', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ locale: 'fr', long: true }), {
      createdAt: CREATED_AT,
    });
    const pages = (await pdfPages(pdf)).map(flat);
    expect(pages).toHaveLength(2);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1}/2`);
      expect(page).toContain('Modèle de compte rendu « dépistage » v1');
    });
    expect(pages[0]).not.toContain('Page 2/2');
    expect(pages[0]).toContain('12 rue de l’Œuvre'); // the letterhead, first page only
    expect(pages[1]).not.toContain('12 rue de l’Œuvre');
    const laidOut = await pdfPages(pdf, { layout: true });
    expect(laidOut[1]!.split('\n')[0]).toMatch(
      /^Hôpital Saint-Éloi +Compte rendu de mammographie de dépistage$/,
    );
    expect(laidOut[0]).toMatch(/ne remplace pas la lecture du radiologue\. +Page 1\/2\n/);
    expect(pages[1]).toContain('Signé électroniquement par Dr Claire Martin'); // kept whole, after the notes
    expect(pages[0]).toContain('1. Commentaire de suivi détaillé');
  });

  test('renderReportPdf numbers pages "Page i of n" in English', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ locale: 'en', long: true }), {
      createdAt: CREATED_AT,
    });
    const pages = (await pdfPages(pdf)).map(flat);
    expect(pages.map((page) => /Page \d+ of \d+/.exec(page)?.[0])).toEqual(['Page 1 of 2', 'Page 2 of 2']);
    expect(pages[0]).toContain('Assisted by the research model “mammo-cnn” 0.3');
    expect(pages[1]).toContain('Electronically signed by Dr Claire Martin');
  });

  test('renderReportPdf records title, author, language and the given creation date in the document', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ locale: 'fr' }), {
      createdAt: CREATED_AT,
      author: 'Dr Claire Martin',
    });
    const info = await pdfInfo(pdf);
    expect(info).toMatchObject({
      Title: 'Compte rendu de mammographie de dépistage',
      Author: 'Dr Claire Martin',
      Creator: 'Sentinelle',
      CreationDate: '2026-03-03T10:15:00Z',
      ModDate: '2026-03-03T10:15:00Z',
      'Page size': '595.28 x 841.89 pts (A4)',
      'PDF version': '1.7',
    });
    expect(pdf.includes('/Lang (fr-FR)')).toBe(true);
    expect(pdf.includes('/DisplayDocTitle true')).toBe(true);
    const english = await renderReportPdf(sampleReportDocument({ locale: 'en' }), { createdAt: CREATED_AT });
    expect(english.includes('/Lang (en-GB)')).toBe(true);
    expect((await pdfInfo(english)).Author).toBe('Hôpital Saint-Éloi');
  });

  test('renderReportPdf gives the same bytes for the same document and date, and another file ID for another date', async () => {
    const document = sampleReportDocument({ locale: 'fr', long: true, logoPng: solidPng(40, 20) });
    const [a, b] = await Promise.all([
      renderReportPdf(document, { createdAt: CREATED_AT }),
      renderReportPdf(document, { createdAt: CREATED_AT }),
    ]);
    expect(a.equals(b)).toBe(true);
    const later = await renderReportPdf(document, { createdAt: new Date('2026-03-03T10:16:00Z') });
    const fileId = (pdf: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1];
    expect(fileId(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(fileId(later)).not.toBe(fileId(a));
  });

  test('renderReportPdf draws the institution logo on the first page only, and no image without one', async () => {
    const withLogo = await renderReportPdf(sampleReportDocument({ long: true, logoPng: solidPng(40, 20) }), {
      createdAt: CREATED_AT,
    });
    expect(await pdfImages(withLogo)).toEqual([{ page: 1, width: 40, height: 20 }]);
    const without = await renderReportPdf(sampleReportDocument(), { createdAt: CREATED_AT });
    expect(await pdfImages(without)).toEqual([]);
  });

  test('renderReportPdf draws no signature block for a draft', async () => {
    const pdf = await renderReportPdf(sampleReportDocument({ signed: false }), { createdAt: CREATED_AT });
    const text = flat((await pdfPages(pdf)).join('\n'));
    expect(text).toContain('Contrôle à 6 mois');
    expect(text).not.toContain('Signé électroniquement');
  });

  test('renderReportPdf writes one classic cross-reference table, with no object or cross-reference streams', async () => {
    const pdf = (
      await renderReportPdf(sampleReportDocument({ long: true }), { createdAt: CREATED_AT })
    ).toString('latin1');
    expect(pdf.match(/\nxref\n/g)).toHaveLength(1);
    expect(pdf).not.toMatch(/\/Type \/(ObjStm|XRef)\b/);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  test('renderReportPdf never leaves the signature alone on a page: the last section goes with it', async () => {
    const base = sampleReportDocument({ locale: 'fr' });
    const lastPages: string[] = [];
    // A last section growing line by line: at some length the signature no longer fits after it.
    for (let lines = 1; lines <= 24; lines += 1) {
      const document = {
        ...base,
        sections: [
          ...base.sections,
          {
            heading: 'Commentaires',
            body: Array.from({ length: lines }, (_, i) => ({
              kind: 'paragraph' as const,
              runs: [{ text: `Ligne de commentaire ${i + 1}.` }],
            })),
          },
        ],
      };
      const pages = (await pdfPages(await renderReportPdf(document, { createdAt: CREATED_AT }))).map(flat);
      lastPages.push(pages.at(-1)!);
      expect(pages.at(-1)).toContain('Signé électroniquement');
      expect(pages.at(-1)).toMatch(/Ligne de commentaire \d+\./);
    }
    // The case arose: some lengths took two pages.
    expect(lastPages.some((page) => page.includes('Page 2/2'))).toBe(true);
  });
});
