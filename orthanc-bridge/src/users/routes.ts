/**
 * Account management for physician-admins and sysadmins (user:manage): create accounts, change
 * role, site and care teams, disable, unlock, grant and revoke permissions. Only a physician-admin gives
 * clinical permissions or clinical roles (mayGrant) and changes clinical accounts in any way
 * (mayManageRole); a changed account's sessions end so that the change holds at once.
 */
import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { hashPassword } from '../auth/passwords';
import { passwordProblems } from '../auth/passwordPolicy';
import { mayGrant, mayManageRole, PERMISSIONS, ROLES } from '../auth/permissions';
import type { BridgeContext } from '../context';
import {
  clearPermissionChange,
  ensureUser,
  findUserByLogin,
  listUsers,
  setDisabled,
  setPermissionChange,
  updateAccountScope,
  type UserAccount,
} from './userStore';
import { asyncWrap } from '../http/asyncWrap';
import { conflict, forbidden, notFound, unprocessable } from '../http/errors';
import { input, validator } from '../http/validate';
import { userJson } from './json';

const login = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: 'must be a login (a-z, 0-9, . _ -)' });
const site = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { error: 'must be a site id (a-z, 0-9, -)' });
const careTeams = z.array(z.string().trim().min(1).max(64)).max(20);
const loginParams = z.strictObject({ login });

const createSchemas = {
  body: z.strictObject({
    login,
    personName: z.string().trim().min(1).max(64),
    displayName: z.string().trim().min(1).max(128),
    role: z.enum(ROLES),
    site,
    careTeams: careTeams.optional(),
    password: z.string().min(1).max(256),
  }),
};
const updateSchemas = {
  params: loginParams,
  body: z.strictObject({
    role: z.enum(ROLES).optional(),
    site: site.optional(),
    careTeams: careTeams.optional(),
    disabled: z.boolean().optional(),
  }),
};
const permissionSchemas = {
  params: z.strictObject({ login, permission: z.enum(PERMISSIONS) }),
  body: z.strictObject({ granted: z.boolean().nullable() }),
};

function accountJson(account: UserAccount) {
  return {
    ...userJson(account),
    disabled: account.disabled,
    permissionChanges: account.permissionChanges,
  };
}

export function usersRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  const userAudit = (req: { params: Record<string, unknown> }) => ({
    resourceType: 'user' as const,
    resourceId: typeof req.params.login === 'string' ? req.params.login : null,
  });

  routes.get(
    '/users',
    { access: 'user:manage' },
    asyncWrap(async (_req, res) => {
      // The roles and permissions there are, for the accounts page's menus.
      res.json({
        users: (await listUsers(ctx.pool)).map(accountJson),
        roles: ROLES,
        permissions: PERMISSIONS,
      });
    }),
  );

  routes.post(
    '/users',
    {
      access: 'user:manage',
      audit: (req) => ({
        resourceType: 'user',
        resourceId: typeof req.body?.login === 'string' ? req.body.login : null,
      }),
    },
    validator(createSchemas),
    asyncWrap(async (_req, res) => {
      const { password, ...user } = input(res, createSchemas).body;
      const manager = currentUser(res).account;
      if (!mayManageRole(manager.role, user.role))
        throw forbidden(`only a physician-admin creates a ${user.role} account`);
      if (await findUserByLogin(ctx.pool, user.login)) throw conflict(`the login ${user.login} is taken`);
      const problems = passwordProblems(password, {
        login: user.login,
        names: [user.displayName, user.personName],
      });
      if (problems.length) throw unprocessable(`the password is refused: ${problems.join(', ')}`);
      const created = await ensureUser(ctx.pool, user, await hashPassword(password));
      res.status(201).json({ user: accountJson(created) });
    }),
  );

  routes.patch(
    '/users/:login',
    { access: 'user:manage', audit: userAudit },
    validator(updateSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, updateSchemas);
      const manager = currentUser(res).account;
      const account = await findUserByLogin(ctx.pool, params.login);
      if (!account) throw notFound(`no account ${params.login}`);
      if (
        !mayManageRole(manager.role, account.role) ||
        (body.role && !mayManageRole(manager.role, body.role))
      )
        throw forbidden('only a physician-admin manages clinical accounts');
      await updateAccountScope(ctx.pool, account.id, body);
      if (body.disabled !== undefined) await setDisabled(ctx.pool, account.id, body.disabled);
      await ctx.auth.sessions.destroyAllOf(account.id);
      res.json({ user: accountJson((await findUserByLogin(ctx.pool, params.login))!) });
    }),
  );

  /** granted true: grant, false: revoke, null: back to the role's default. */
  routes.put(
    '/users/:login/permissions/:permission',
    { access: 'user:manage', audit: userAudit },
    validator(permissionSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, permissionSchemas);
      const manager = currentUser(res).account;
      if (!mayGrant(manager.role, params.permission))
        throw forbidden(`only a physician-admin changes ${params.permission}`);
      const account = await findUserByLogin(ctx.pool, params.login);
      if (!account) throw notFound(`no account ${params.login}`);
      // The rule of role changes: a permission of a clinical account, even a non-clinical one
      // (orthanc:admin, audit:read), is a physician-admin's to change.
      if (!mayManageRole(manager.role, account.role))
        throw forbidden('only a physician-admin manages clinical accounts');
      if (body.granted === null) await clearPermissionChange(ctx.pool, account.id, params.permission);
      else
        await setPermissionChange(
          ctx.pool,
          account.id,
          { permission: params.permission, granted: body.granted },
          manager.id,
        );
      await ctx.auth.sessions.destroyAllOf(account.id);
      res.json({ user: accountJson((await findUserByLogin(ctx.pool, params.login))!) });
    }),
  );

  /** Lifts the lockout of an account after too many failed sign-ins (the person called the helpdesk). */
  routes.post(
    '/users/:login/unlock',
    { access: 'user:manage', audit: (req) => ({ ...userAudit(req), detail: { change: 'unlock' } }) },
    validator({ params: loginParams }),
    asyncWrap(async (_req, res) => {
      const { params } = input(res, { params: loginParams });
      const manager = currentUser(res).account;
      const account = await findUserByLogin(ctx.pool, params.login);
      if (!account) throw notFound(`no account ${params.login}`);
      if (!mayManageRole(manager.role, account.role))
        throw forbidden('only a physician-admin manages clinical accounts');
      await ctx.auth.throttle.unlock(account.login);
      res.status(204).end();
    }),
  );
}
