import { DEFAULT_TEMPLATES } from './defaultTemplates';
import { LOGO_PNG } from '../testing/reportFixtures';
import { ReportTemplateSchema } from './templateSchema';

describe('ReportTemplateSchema', () => {
  it('ReportTemplateSchema accepts the default French and English templates, every section in BI-RADS order', () => {
    for (const locale of ['fr', 'en'] as const) {
      const template = ReportTemplateSchema.parse(DEFAULT_TEMPLATES[locale]);
      expect(template.locale).toBe(locale);
      expect(template.sections).toEqual([
        'indication',
        'comparison',
        'technique',
        'composition',
        'findings',
        'ai-summary',
        'impression',
        'recommendations',
        'notes',
      ]);
    }
  });

  it('ReportTemplateSchema accepts a PNG logo and rejects any other file', () => {
    const withLogo = (logoPng: string) => ({
      ...DEFAULT_TEMPLATES.fr,
      header: { ...DEFAULT_TEMPLATES.fr.header, logoPng },
    });
    expect(ReportTemplateSchema.safeParse(withLogo(LOGO_PNG)).success).toBe(true);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00').toString('base64');
    expect(ReportTemplateSchema.safeParse(withLogo(gif)).error?.issues[0]?.message).toBe(
      'the logo is not a PNG image',
    );
    expect(ReportTemplateSchema.safeParse(withLogo('not base64!')).success).toBe(false);
  });

  it('ReportTemplateSchema rejects a section listed twice and an unknown wording key', () => {
    const twice = { ...DEFAULT_TEMPLATES.en, sections: ['findings', 'impression', 'findings'] };
    expect(ReportTemplateSchema.safeParse(twice).error?.issues[0]?.message).toBe('a section is listed twice');
    const typo = { ...DEFAULT_TEMPLATES.en, wording: { headings: { impresion: 'Conclusion' } } };
    expect(ReportTemplateSchema.safeParse(typo).success).toBe(false);
  });
});
