import '../extension-mammo-ai/src/hangingProtocols/viewingStrings';
import { stringTables, userMessage } from '../extension-mammo-ai/src/i18n';
import '../extension-mammo-ai/src/panels/panelStrings';
import '../extension-mammo-ai/src/panels/report/reportStrings';
import '../extension-mammo-ai/src/worklist/worklistStrings';

describe('strings', () => {
  it('stringTables holds every string of the extension in French and in English', () => {
    const { fr, en } = stringTables();
    expect(Object.keys(fr).filter((key) => !(key in en))).toEqual([]);
    expect(Object.keys(en).filter((key) => !(key in fr))).toEqual([]);
  });

  it('no string carries both languages ("Je valide / I validate")', () => {
    const { fr, en } = stringTables();
    const both = (a: string, b: string) => a !== b && (a.includes(` / ${b}`) || a.includes(`${b} / `));
    const bilingual = Object.keys(fr).filter((key) => both(fr[key]!, en[key]!) || both(en[key]!, fr[key]!));
    expect(bilingual).toEqual([]);
  });

  it('userMessage tells a refusal by its code, else its status, in the language (French outside a browser)', () => {
    expect(userMessage({ status: 401, code: 'wrong-password' })).toBe('Mot de passe incorrect.');
    expect(
      userMessage({ status: 403, code: 'permission-needed', params: { permission: 'audit:read' } }),
    ).toBe('Votre compte n’a pas l’autorisation de faire ceci (audit:read).');
    expect(userMessage({ status: 404 })).toBe('Introuvable : l’élément a peut-être été supprimé.');
    expect(userMessage({ status: 502 })).toBe(userMessage({ status: 503 }));
    expect(userMessage(new Error('socket hang up'))).toBe(
      'L’opération a échoué ; réessayez ou prévenez l’administrateur.',
    );
  });
});
