/**
 * The report templates of the user's site, per language: GET for anyone reading studies (what
 * their signed reports will look like), PUT for physician-admins (report:template: the layout and
 * clinical wording of the site's reports). Each PUT is a new version. Answers list every section
 * a template may hold (`sections`), for the templates page.
 */
import { REPORT_SECTIONS, ReportLocaleSchema, ReportTemplateSchema } from '@sentinelle/reporting';
import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { withTransaction } from '../db/pool';
import { findReportTemplate, saveReportTemplate } from './templateStore';
import { asyncWrap } from '../http/asyncWrap';
import { input, validator } from '../http/validate';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by PUT /templates/:locale for its audit entry: the version it saved. */
      templateVersion?: number;
    }
  }
}

const localeParams = z.strictObject({ locale: ReportLocaleSchema });
const getSchemas = { params: localeParams };
const putSchemas = {
  params: localeParams,
  body: ReportTemplateSchema.omit({ institution: true, version: true, locale: true }),
};

export function reportTemplateRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  routes.get(
    '/templates/:locale',
    { access: 'study:read' },
    validator(getSchemas),
    asyncWrap(async (_req, res) => {
      const { params } = input(res, getSchemas);
      const site = currentUser(res).account.site;
      const template = await findReportTemplate(ctx.pool, site, params.locale);
      res.json({ site, template, isDefault: template.institution !== site, sections: REPORT_SECTIONS });
    }),
  );

  routes.put(
    '/templates/:locale',
    {
      access: 'report:template',
      // Which site's layout in which language, and the version the change made.
      // Refused before sign-in, the site is not known: the attempt is recorded all the same.
      audit: (req, res) => ({
        resourceType: 'report-template',
        resourceId: `${res.locals.user?.account.site ?? '(unknown site)'}/${String(req.params.locale)}`,
        ...(res.locals.templateVersion !== undefined && { detail: { version: res.locals.templateVersion } }),
      }),
    },
    validator(putSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, putSchemas);
      const user = currentUser(res).account;
      const template = await withTransaction(ctx.pool, (db) =>
        saveReportTemplate(db, user.site, { ...body, locale: params.locale }, user.id),
      );
      res.locals.templateVersion = template.version;
      res.json({ site: user.site, template, isDefault: false, sections: REPORT_SECTIONS });
    }),
  );
}
