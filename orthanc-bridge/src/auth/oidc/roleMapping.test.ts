import { ROLES } from '../permissions';
import {
  accountFromClaims,
  AccountRefusedError,
  normaliseLogin,
  ROLE_PRECEDENCE,
  type ClaimMapping,
  type OidcClaims,
} from './roleMapping';

const MAPPING: ClaimMapping = {
  groupsClaim: 'groups',
  roles: new Map([
    ['radiologues', 'radiologist'],
    ['pathologistes', 'pathologist'],
    ['medecins-admin', 'physician-admin'],
    ['dsi', 'sysadmin'],
  ]),
  siteClaim: 'site',
  loginClaim: 'preferred_username',
};

const ISS = 'https://idp.chu.example/realms/sante';

function claims(extra: Record<string, OidcClaims[string]>): OidcClaims {
  return { iss: ISS, sub: 'f3a1c2', ...extra };
}

function refusal(run: () => unknown): AccountRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof AccountRefusedError) return error;
    throw error;
  }
  throw new Error('expected an AccountRefusedError');
}

describe('roleMapping', () => {
  test('accountFromClaims maps a radiologist with names, login and site', () => {
    const account = accountFromClaims(
      claims({
        preferred_username: 'Claire.Martin',
        name: 'Dr Claire Martin',
        given_name: 'Claire',
        family_name: 'Martin',
        groups: ['personnel', 'radiologues'],
        site: ' site-a ',
      }),
      MAPPING,
    );
    expect(account).toEqual({
      issuer: ISS,
      subject: 'f3a1c2',
      login: 'claire.martin',
      displayName: 'Dr Claire Martin',
      personName: 'Martin^Claire',
      role: 'radiologist',
      site: 'site-a',
    });
  });

  test('accountFromClaims refuses a person whose groups map to no role instead of giving a default', () => {
    for (const groups of [['stagiaires'], [], 'Radiologues', undefined]) {
      const error = refusal(() =>
        accountFromClaims(claims({ preferred_username: 'paul', ...(groups && { groups }) }), MAPPING),
      );
      expect(error.reason).toBe('no-role');
      expect(error.subject).toBe('f3a1c2');
      expect(error.issuer).toBe(ISS);
    }
  });

  test('accountFromClaims gives the least-privileged clinical role, and sysadmin only alone', () => {
    const role = (groups: string[]) =>
      accountFromClaims(claims({ preferred_username: 'x', groups }), MAPPING).role;
    expect(role(['medecins-admin', 'radiologues'])).toBe('radiologist');
    expect(role(['radiologues', 'pathologistes', 'medecins-admin'])).toBe('pathologist');
    expect(role(['dsi', 'medecins-admin'])).toBe('physician-admin');
    expect(role(['dsi'])).toBe('sysadmin');
    expect(role(['dsi', 'radiologues'])).toEqual(role(['radiologues', 'dsi']));
  });

  test('accountFromClaims reads a single group given as a string and a configured groups claim', () => {
    const mapping = { ...MAPPING, groupsClaim: 'roles' };
    expect(accountFromClaims(claims({ preferred_username: 'x', roles: 'dsi' }), mapping).role).toBe(
      'sysadmin',
    );
  });

  test('accountFromClaims takes the login from email when the login claim is absent', () => {
    const account = accountFromClaims(
      claims({ email: 'Hélène.Durand@chu.example', groups: ['radiologues'] }),
      MAPPING,
    );
    expect(account.login).toBe('helene.durand');
    expect(account.displayName).toBe('helene.durand');
    expect(account.personName).toBe('helene.durand');
    expect(account).not.toHaveProperty('site');
  });

  test('accountFromClaims refuses claims that give no usable login', () => {
    const error = refusal(() =>
      accountFromClaims(
        claims({ preferred_username: '@@', email: '---@x', groups: ['radiologues'] }),
        MAPPING,
      ),
    );
    expect(error.reason).toBe('no-login');
  });

  test('accountFromClaims refuses a site claim that is not a name rather than ignoring it', () => {
    for (const site of [['site-a', 'site-b'], 7, '  ', 'x'.repeat(65)]) {
      const error = refusal(() =>
        accountFromClaims(claims({ preferred_username: 'x', groups: ['radiologues'], site }), MAPPING),
      );
      expect(error.reason).toBe('bad-site');
    }
  });

  test('accountFromClaims writes the whole name in the family component when the parts are missing', () => {
    const pn = (extra: Record<string, OidcClaims[string]>) =>
      accountFromClaims(claims({ preferred_username: 'x', groups: ['dsi'], ...extra }), MAPPING).personName;
    expect(pn({ name: 'Anne  Le Gall' })).toBe('Anne Le Gall');
    expect(pn({ family_name: 'Le Gall' })).toBe('Le Gall');
    expect(pn({ given_name: 'Anne' })).toBe('^Anne');
    expect(pn({ family_name: 'Martin^X=Y\\Z', given_name: 'Claire\u0007' })).toBe('Martin X Y Z^Claire');
    expect(pn({ family_name: 'A'.repeat(70), given_name: 'B' })).toBe('A'.repeat(64));
    expect(pn({ name: '^^^' })).toBe('x');
  });

  test('accountFromClaims builds the display name from the name parts and bounds it', () => {
    const display = (extra: Record<string, OidcClaims[string]>) =>
      accountFromClaims(claims({ preferred_username: 'x', groups: ['dsi'], ...extra }), MAPPING).displayName;
    expect(display({ given_name: 'Anne', family_name: 'Le Gall' })).toBe('Anne Le Gall');
    expect(display({ name: 'N'.repeat(200) })).toHaveLength(128);
  });

  test('normaliseLogin keeps the local part, drops accents and ligatures, and fits the login pattern', () => {
    expect(normaliseLogin('jdoe@chu.example')).toBe('jdoe');
    expect(normaliseLogin('Lætitia.Cœur')).toBe('laetitia.coeur');
    expect(normaliseLogin('  Jean Dupont ')).toBe('jean-dupont');
    expect(normaliseLogin('CHU\\jdoe')).toBe('chu-jdoe');
    expect(normaliseLogin('._-x')).toBe('x');
    expect(normaliseLogin('漢字')).toBe('');
    const long = normaliseLogin('a'.repeat(63) + '.bbbb');
    expect(long).toBe('a'.repeat(63));
    for (const login of ['jdoe', 'laetitia.coeur', 'jean-dupont', long])
      expect(login).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
  });

  test('ROLE_PRECEDENCE lists every role once', () => {
    expect([...ROLE_PRECEDENCE].sort()).toEqual([...ROLES].sort());
  });
});
