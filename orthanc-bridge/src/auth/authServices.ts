import type { LoginThrottle } from './loginThrottle';
import type { ClaimMapping } from './oidc/roleMapping';
import type { RelyingPartySource } from './oidc/routes';
import type { SecondFactorPolicy } from './secondFactorPolicy';
import type { SessionStore } from './sessions';

/** Which site a patient belongs to, from the institution that sent the images. */
export interface SiteSettings {
  /** Site of patients whose institution is not listed (the site of this installation). */
  readonly defaultSite: string;
  /** DICOM InstitutionName (exactly as sent) → site id. */
  readonly byInstitution: Readonly<Record<string, string>>;
}

export function siteOfInstitution(sites: SiteSettings, institution: unknown): string {
  const name = typeof institution === 'string' ? institution.trim() : '';
  return sites.byInstitution[name] ?? sites.defaultSite;
}

/** What sign-in and access checks share (a part of BridgeContext). */
export interface AuthServices {
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
  readonly secondFactor: SecondFactorPolicy;
  readonly sites: SiteSettings;
  /** Single sign-on with the hospital's OpenID provider; undefined when it is not configured. */
  readonly oidc?: { readonly relyingParty: RelyingPartySource; readonly mapping: ClaimMapping };
}
