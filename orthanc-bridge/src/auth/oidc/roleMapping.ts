/**
 * From the claims a hospital's identity provider vouched for to a Sentinelle account: who the person
 * is (issuer and subject), the login and names Sentinelle shows and writes in DICOM, the role, and
 * the site.
 */
import type { JsonValue } from 'openid-client';
import type { Role } from '../permissions';

/** Claims of a verified sign-in: the ID token's, completed by the provider's userinfo. */
export interface OidcClaims {
  readonly iss: string;
  readonly sub: string;
  readonly [claim: string]: JsonValue | undefined;
}

/** Which claims make an account, and which provider groups give which role. */
export interface ClaimMapping {
  /** The top-level claim listing the person's groups (or roles) at the provider, e.g. "groups". */
  readonly groupsClaim: string;
  /** Group, exactly as the provider spells it, to Sentinelle role; groups not listed give nothing. */
  readonly roles: ReadonlyMap<string, Role>;
  /** The claim naming the person's site, e.g. "site"; a provider that sends none gives no site. */
  readonly siteClaim: string;
  /** The claim giving the login, e.g. "preferred_username"; the local part of `email` when absent. */
  readonly loginClaim: string;
}

/** A person the provider authenticated, as Sentinelle knows them. */
export interface OidcAccount {
  /**
   * Who the person is: the provider's `iss` and `sub`. Match users on this pair, never on the login,
   * which is derived from names that change and that two people may share once normalised.
   */
  readonly issuer: string;
  readonly subject: string;
  /** Matches ^[a-z0-9][a-z0-9._-]{0,63}$, like every Sentinelle login. */
  readonly login: string;
  /** For people, at most 128 characters, e.g. "Dr Claire Martin". */
  readonly displayName: string;
  /** DICOM PN (at most 64 characters), e.g. "Martin^Claire": the Person Observer Name of their SRs. */
  readonly personName: string;
  readonly role: Role;
  /** Undefined when the provider sent no site claim. */
  readonly site?: string;
}

export type AccountRefusal = 'no-role' | 'no-login' | 'bad-site';

/** The claims cannot make a Sentinelle account: the person is refused, whatever else they hold. */
export class AccountRefusedError extends Error {
  override readonly name = 'AccountRefusedError';
  constructor(
    readonly reason: AccountRefusal,
    readonly issuer: string,
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The role a person in several mapped groups gets: the first of this list they hold. Clinical roles
 * come from the least to the most privileged (each one's permissions contain the previous one's),
 * so membership that grew by accident (a group kept after a move, a group nested in another) never
 * widens access; a wider role comes from a group the person alone is in, or from a grant in
 * Sentinelle. sysadmin comes last: a clinician who is also in an IT group signs in as the
 * clinician, and running the system is for accounts that are only in the IT group (separation of
 * duties: a sysadmin sees no patients but manages users and Orthanc).
 */
export const ROLE_PRECEDENCE: readonly Role[] = ['pathologist', 'radiologist', 'physician-admin', 'sysadmin'];

const LOGIN_MAX = 64;
const DISPLAY_NAME_MAX = 128;
const PERSON_NAME_MAX = 64;
const SITE = /^[^\p{Cc}]{1,64}$/u;

/**
 * The account for these claims, or an AccountRefusedError. A person whose groups map to no role is
 * refused rather than given a default role: the provider knows everyone in the hospital (students,
 * administrative staff, contractors), and access to patient data must come from a membership
 * someone decided.
 */
export function accountFromClaims(claims: OidcClaims, mapping: ClaimMapping): OidcAccount {
  const refuse = (reason: AccountRefusal, message: string) =>
    new AccountRefusedError(reason, claims.iss, claims.sub, message);

  const held = new Set(
    stringValues(claims[mapping.groupsClaim]).flatMap((group) => mapping.roles.get(group) ?? []),
  );
  const role = ROLE_PRECEDENCE.find((r) => held.has(r));
  if (!role) throw refuse('no-role', `no value of the "${mapping.groupsClaim}" claim maps to a role`);

  const login = [claims[mapping.loginClaim], claims.email]
    .map((claim) => normaliseLogin(text(claim) ?? ''))
    .find(Boolean);
  if (!login) throw refuse('no-login', `neither "${mapping.loginClaim}" nor "email" gives a usable login`);

  const site = claims[mapping.siteClaim];
  if (site !== undefined && !(typeof site === 'string' && SITE.test(site.trim())))
    throw refuse('bad-site', `the "${mapping.siteClaim}" claim is not a site name`);

  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const name = text(claims.name);
  const displayName = (name ?? ([given, family].filter(Boolean).join(' ') || login)).slice(
    0,
    DISPLAY_NAME_MAX,
  );
  return {
    issuer: claims.iss,
    subject: claims.sub,
    login,
    displayName,
    personName: personName(family, given, name, login),
    role,
    ...(typeof site === 'string' && { site: site.trim() }),
  };
}

/** A string claim, or each string of an array claim. */
function stringValues(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** A string claim with spaces collapsed; undefined when absent or blank. */
function text(value: JsonValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/\s+/g, ' ').trim() || undefined;
}

/** Letters that Unicode decomposition leaves whole but that French and European names use. */
const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/**
 * A login Sentinelle accepts: the part before any '@' (providers often give a UPN or an email,
 * whose domain is the hospital's for everyone), without accents, lowercase, any other character
 * run turned into '-', starting with a letter or digit, at most 64 characters. Empty when nothing
 * usable is left.
 */
export function normaliseLogin(raw: string): string {
  const local = raw.split('@')[0]!;
  return local
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[œæßøłđ]/g, (c) => LIGATURES[c]!)
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, LOGIN_MAX)
    .replace(/[._-]+$/, '');
}

/**
 * DICOM PN "Family^Given" from family_name and given_name. Without them, the whole name goes in the
 * family component: guessing which word of "Claire Martin", "MARTIN Claire" or "Anne Le Gall" is the
 * family name would write a wrong name into signed reports, a whole name in one component does not.
 * The login when no name is usable.
 */
function personName(
  family: string | undefined,
  given: string | undefined,
  name: string | undefined,
  login: string,
): string {
  const component = (value = '') =>
    value
      .replace(/[\^=\\\p{Cc}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const fit = (pn: string) => pn.slice(0, PERSON_NAME_MAX).replace(/\^+$/, '').trim();
  const structured = family || given ? fit(`${component(family)}^${component(given)}`) : '';
  return structured || fit(component(name)) || login;
}
