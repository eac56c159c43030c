export {
  OIDC_CALLBACK_PATH,
  OIDC_ENV,
  OIDC_LOGIN_PATH,
  oidcSettingsFrom,
  type OidcSettings,
} from './oidcSettings';
export {
  LoginExpiredError,
  OidcRelyingParty,
  PENDING_LOGIN_TTL_MS,
  pendingLoginSchema,
  type PendingLogin,
} from './relyingParty';
export {
  accountFromClaims,
  AccountRefusedError,
  normaliseLogin,
  ROLE_PRECEDENCE,
  type AccountRefusal,
  type ClaimMapping,
  type OidcAccount,
  type OidcClaims,
} from './roleMapping';
export { oidcHandlers, oidcRoutes, type OidcHooks, type RelyingPartySource } from './routes';
