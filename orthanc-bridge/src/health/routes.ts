import { resolveModel } from '@sentinelle/models';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { modelInUse } from '../modelGovernance/modelInUse';
import { asyncWrap } from '../http/asyncWrap';

interface Check {
  readonly ok: boolean;
  readonly detail: string;
}

async function check(what: Promise<string>, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, detail: await Promise.race([what, timeout]) };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(
  ctx: BridgeContext,
  routes: GuardedRouter,
  options: { timeoutMs?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? 3_000;

  /**
   * 200 when Orthanc, PostgreSQL and Redis answer and the model is in the registry; else 503. Only
   * signed-in callers see each check's detail: versions and errors tell an anonymous caller which
   * known flaws to try.
   */
  routes.get(
    '/health',
    { access: 'public' },
    asyncWrap(async (_req, res) => {
      const [orthanc, postgres, redis, model] = await Promise.all([
        check(
          ctx.orthanc.system().then((s) => `Orthanc ${s.Version}`),
          timeoutMs,
        ),
        check(
          ctx.pool
            .query<{ version: string }>('SELECT current_setting($1) AS version', ['server_version'])
            .then((r) => `PostgreSQL ${r.rows[0]!.version}`),
          timeoutMs,
        ),
        check(
          ctx.redis.ping().then((pong) => `Redis ${pong}`),
          timeoutMs,
        ),
        check(
          // The model in use: the registry default, or the one a physician-admin promoted.
          modelInUse(ctx).then(async (inUse) => {
            const { entry } = await resolveModel({ id: inUse.id, registryPath: ctx.registryPath });
            if (entry.version !== inUse.version)
              throw new Error(
                `the registry now has ${entry.id} ${entry.version} but the bridge queues ${inUse.version}: restart the bridge`,
              );
            return `${entry.id} ${entry.version}${entry.researchOnly ? ' (research only)' : ''}`;
          }),
          timeoutMs * 3,
        ),
      ]);
      const checks = { orthanc, postgres, redis, model };
      const ok = Object.values(checks).every((c) => c.ok);
      const shown = res.locals.user
        ? checks
        : Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, { ok: c.ok }]));
      res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks: shown });
    }),
  );
}
