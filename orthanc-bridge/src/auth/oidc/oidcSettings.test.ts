import { ConfigError } from '@sentinelle/config';
import { oidcSettingsFrom } from './oidcSettings';

const ENV = {
  SENTINELLE_OIDC_ISSUER: 'https://idp.chu.example/realms/sante',
  SENTINELLE_OIDC_CLIENT_ID: 'sentinelle',
  SENTINELLE_OIDC_CLIENT_SECRET: 's3cret-from-the-provider',
  SENTINELLE_OIDC_REDIRECT_URI: 'https://sentinelle.chu.example/auth/oidc/callback',
  SENTINELLE_OIDC_ROLE_MAP:
    '{"radiologues":"radiologist","pathologistes":"pathologist","medecins-admin":"physician-admin","dsi":"sysadmin"}',
};

function problems(env: Record<string, string | undefined>): readonly string[] {
  try {
    oidcSettingsFrom(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('oidcSettings', () => {
  test('oidcSettingsFrom turns single sign-on off when no SENTINELLE_OIDC_* variable is set', () => {
    expect(oidcSettingsFrom({ PATH: '/usr/bin', SENTINELLE_OIDC_ISSUER: '  ' })).toBeUndefined();
  });

  test('oidcSettingsFrom reads the provider, the client and the mapping, with the claim defaults', () => {
    expect(oidcSettingsFrom(ENV)).toEqual({
      issuer: 'https://idp.chu.example/realms/sante',
      clientId: 'sentinelle',
      clientSecret: 's3cret-from-the-provider',
      redirectUri: 'https://sentinelle.chu.example/auth/oidc/callback',
      groupsScope: undefined,
      mapping: {
        groupsClaim: 'groups',
        roles: new Map([
          ['radiologues', 'radiologist'],
          ['pathologistes', 'pathologist'],
          ['medecins-admin', 'physician-admin'],
          ['dsi', 'sysadmin'],
        ]),
        siteClaim: 'site',
        loginClaim: 'preferred_username',
      },
    });
  });

  test('oidcSettingsFrom reads the optional claim names and the groups scope', () => {
    const settings = oidcSettingsFrom({
      ...ENV,
      SENTINELLE_OIDC_GROUPS_CLAIM: 'roles',
      SENTINELLE_OIDC_GROUPS_SCOPE: 'groups',
      SENTINELLE_OIDC_SITE_CLAIM: 'etablissement',
      SENTINELLE_OIDC_LOGIN_CLAIM: 'upn',
    });
    expect(settings?.groupsScope).toBe('groups');
    expect(settings?.mapping).toMatchObject({
      groupsClaim: 'roles',
      siteClaim: 'etablissement',
      loginClaim: 'upn',
    });
  });

  test('oidcSettingsFrom names every missing variable when the issuer is set alone', () => {
    expect(problems({ SENTINELLE_OIDC_ISSUER: ENV.SENTINELLE_OIDC_ISSUER })).toEqual([
      'SENTINELLE_OIDC_CLIENT_ID must be set when SENTINELLE_OIDC_ISSUER is',
      'SENTINELLE_OIDC_CLIENT_SECRET must be set when SENTINELLE_OIDC_ISSUER is',
      'SENTINELLE_OIDC_REDIRECT_URI must be set when SENTINELLE_OIDC_ISSUER is',
      'SENTINELLE_OIDC_ROLE_MAP must be set when SENTINELLE_OIDC_ISSUER is',
    ]);
  });

  test('oidcSettingsFrom refuses other SENTINELLE_OIDC_* variables without the issuer', () => {
    const [problem] = problems({ ...ENV, SENTINELLE_OIDC_ISSUER: undefined });
    expect(problem).toMatch(/^SENTINELLE_OIDC_CLIENT_ID, .* are set but SENTINELLE_OIDC_ISSUER is not/);
  });

  test('oidcSettingsFrom accepts http only on a loopback address, and no query or credentials', () => {
    expect(oidcSettingsFrom({ ...ENV, SENTINELLE_OIDC_ISSUER: 'http://127.0.0.1:8080' })?.issuer).toBe(
      'http://127.0.0.1:8080',
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ISSUER: 'http://idp.chu.example' })).toEqual([
      'SENTINELLE_OIDC_ISSUER must use https (http only on 127.0.0.1 or [::1]), got "http://idp.chu.example"',
    ]);
    expect(problems({ ...ENV, SENTINELLE_OIDC_ISSUER: 'http://localhost:8080' })[0]).toMatch(
      /must use https/,
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ISSUER: 'https://idp.chu.example/?realm=x' })[0]).toMatch(
      /^SENTINELLE_OIDC_ISSUER must have no query or fragment/,
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ISSUER: 'https://u:p@idp.chu.example' })[0]).toMatch(
      /^SENTINELLE_OIDC_ISSUER must not carry credentials/,
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ISSUER: 'idp.chu.example' })[0]).toMatch(/\(not a URL\)$/);
  });

  test('oidcSettingsFrom wants the redirect URI to end at the callback route', () => {
    expect(problems({ ...ENV, SENTINELLE_OIDC_REDIRECT_URI: 'https://sentinelle.chu.example/' })).toEqual([
      'SENTINELLE_OIDC_REDIRECT_URI must end with /auth/oidc/callback, got "https://sentinelle.chu.example/"',
    ]);
  });

  test('oidcSettingsFrom explains a role map that is not JSON, empty, or names an unknown role', () => {
    expect(problems({ ...ENV, SENTINELLE_OIDC_ROLE_MAP: 'radiologues=radiologist' })[0]).toMatch(
      /^SENTINELLE_OIDC_ROLE_MAP must be a JSON object from group to role, .* it is not JSON/,
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ROLE_MAP: '{}' })).toEqual([
      'SENTINELLE_OIDC_ROLE_MAP must map at least one group to a role',
    ]);
    expect(problems({ ...ENV, SENTINELLE_OIDC_ROLE_MAP: '["radiologist"]' })[0]).toMatch(
      /^SENTINELLE_OIDC_ROLE_MAP must be a JSON object from group to role/,
    );
    expect(problems({ ...ENV, SENTINELLE_OIDC_ROLE_MAP: '{"internes":"intern"}' })).toEqual([
      'SENTINELLE_OIDC_ROLE_MAP ("internes") must be one of the roles physician-admin, radiologist, pathologist, sysadmin',
    ]);
  });

  test('oidcSettingsFrom never repeats the client secret in its messages', () => {
    const secret = 'do-not-print-me';
    const all = problems({
      ...ENV,
      SENTINELLE_OIDC_CLIENT_SECRET: secret,
      SENTINELLE_OIDC_REDIRECT_URI: 'x',
    });
    expect(all.join('\n')).not.toContain(secret);
  });

  test('oidcSettingsFrom refuses claim names and a groups scope with spaces', () => {
    expect(
      problems({ ...ENV, SENTINELLE_OIDC_GROUPS_CLAIM: 'my groups', SENTINELLE_OIDC_GROUPS_SCOPE: 'a b' }),
    ).toEqual([
      'SENTINELLE_OIDC_GROUPS_CLAIM must be a claim name (no spaces)',
      'SENTINELLE_OIDC_GROUPS_SCOPE must be one scope value (no spaces or quotes)',
    ]);
  });
});
