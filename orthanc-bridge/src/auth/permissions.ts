/**
 * Who may do what: the roles of the people who use Sentinelle, the fine-grained permissions the
 * routes require, and what each role holds by default. A user's effective permissions are their
 * role's defaults plus the grants and minus the revocations a physician-admin or sysadmin made
 * for them (a revocation wins over a grant of the same permission).
 */
export const ROLES = ['physician-admin', 'radiologist', 'pathologist', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** See studies, images, AI results and reading history (within the patient scope). */
  'study:read',
  /** Ask for an AI analysis or change its priority. */
  'study:analyse',
  /** Validate, modify or discuss the AI findings (validations, revisions, consultations). */
  'finding:validate',
  /** Sign reports. */
  'report:sign',
  /** Change the site's report templates (layout and clinical wording). */
  'report:template',
  /** See patient records (demographics, family history, follow-up). */
  'patient:read',
  /** Change patient records. */
  'patient:write',
  /** Create users, change roles, grant and revoke permissions. */
  'user:manage',
  /** Read the audit trail. */
  'audit:read',
  /** Reach Orthanc Explorer and Orthanc's administration through the bridge. */
  'orthanc:admin',
  /**
   * Govern the model: export de-identified training sets of the site's read cases, compare a
   * candidate model with the one in use, promote it or roll back.
   */
  'model:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The permissions of patient care: a radiologist's defaults, and what only a physician-admin gives. */
const CLINICAL: readonly Permission[] = [
  'study:read',
  'study:analyse',
  'finding:validate',
  'report:sign',
  'patient:read',
  'patient:write',
];

/**
 * Defaults per role. A sysadmin runs the system without seeing patients (no study or patient
 * permission); a pathologist reads the imaging and answers consultations but neither signs
 * imaging reports nor asks for analyses.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  'physician-admin': [...CLINICAL, 'report:template', 'user:manage', 'audit:read', 'model:manage'],
  radiologist: CLINICAL,
  pathologist: ['study:read', 'finding:validate', 'patient:read'],
  sysadmin: ['user:manage', 'audit:read', 'orthanc:admin'],
};

/** A per-user change to the role's defaults. */
export interface PermissionChange {
  readonly permission: Permission;
  readonly granted: boolean;
}

export function effectivePermissions(role: Role, changes: readonly PermissionChange[]): Set<Permission> {
  const result = new Set<Permission>(ROLE_PERMISSIONS[role]);
  for (const change of changes) if (change.granted) result.add(change.permission);
  for (const change of changes) if (!change.granted) result.delete(change.permission);
  return result;
}

/**
 * Who may manage whom: user:manage lets a physician-admin or a sysadmin manage accounts, but only
 * a physician-admin gives clinical permissions (a sysadmin cannot make anyone, themself included,
 * able to read patients).
 */
export const CLINICAL_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  ...CLINICAL,
  'report:template',
  // Training exports and model comparisons are built from patients' images.
  'model:manage',
]);

export function mayGrant(managerRole: Role, permission: Permission): boolean {
  if (managerRole === 'physician-admin') return true;
  if (managerRole === 'sysadmin') return !CLINICAL_PERMISSIONS.has(permission);
  return false;
}

/**
 * Whose account a manager may change (its role, site, care teams, permissions, lockout): one whose
 * role the manager could give. A sysadmin gives only non-clinical roles, so manages only sysadmin
 * accounts; a clinical account (and its permissions, clinical or not) is a physician-admin's.
 */
export function mayManageRole(managerRole: Role, role: Role): boolean {
  return ROLE_PERMISSIONS[role].every((p) => mayGrant(managerRole, p));
}
