import { effectivePermissions } from '../auth/permissions';
import type { ReaderRef } from './readerStore';
import type { UserAccount } from './userStore';

/** A reader as the API names them: login and display name. */
export function readerJson(r: ReaderRef) {
  return { login: r.login, displayName: r.displayName };
}

/** An account as its owner and managers see it (no credential). */
export function userJson(account: UserAccount) {
  return {
    login: account.login,
    displayName: account.displayName,
    role: account.role,
    site: account.site,
    careTeams: account.careTeams,
    permissions: [...effectivePermissions(account.role, account.permissionChanges)].sort(),
    totpEnrolled: account.totpEnrolled,
  };
}
