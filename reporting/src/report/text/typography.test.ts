import { agreeing, capitalised, clauses, labelled, listed, NBSP, quoted } from './typography';

describe('report typography', () => {
  it('labelled puts a no-break space before the colon in French only', () => {
    expect(labelled('fr', 'Seuil', '0,65')).toBe('Seuil\u00A0: 0,65');
    expect(labelled('en', 'Threshold', '0.65')).toBe('Threshold: 0.65');
  });

  it('clauses joins with a no-break space before the semicolon in French', () => {
    expect(clauses('fr', ['une masse', 'des microcalcifications'])).toBe(
      'une masse\u00A0; des microcalcifications',
    );
    expect(clauses('en', ['a mass', 'microcalcifications'])).toBe('a mass; microcalcifications');
  });

  it('quoted uses guillemets with no-break spaces inside in French, curly quotes in English', () => {
    expect(quoted('fr', 'x 1.0')).toBe(`«${NBSP}x 1.0${NBSP}»`);
    expect(quoted('en', 'x 1.0')).toBe('\u201Cx 1.0\u201D');
  });

  it('listed joins the last item with "et" or "and"', () => {
    expect(listed('fr', ['CC'])).toBe('CC');
    expect(listed('fr', ['CC', 'MLO'])).toBe('CC et MLO');
    expect(listed('en', ['CC', 'MLO', 'ML'])).toBe('CC, MLO and ML');
  });

  it('agreeing follows each language: French 0 and 1 singular, English 1 only', () => {
    const fr = { one: 'région suspecte', other: 'régions suspectes' };
    expect([0, 1, 2].map((n) => agreeing('fr', n, fr))).toEqual([
      'région suspecte',
      'région suspecte',
      'régions suspectes',
    ]);
    const en = { one: 'view', other: 'views' };
    expect([0, 1, 2].map((n) => agreeing('en', n, en))).toEqual(['views', 'view', 'views']);
  });

  it('capitalised capitalises accented initials', () => {
    expect(capitalised('évaluation')).toBe('Évaluation');
  });
});
