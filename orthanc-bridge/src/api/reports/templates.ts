/**
 * The report templates of the user's site, per language: GET for anyone reading studies (the
 * report panel shows what the PDF will look like), PUT for physician-admins (report:template: the
 * layout and clinical wording of the site's reports). Each PUT is a new version.
 */
import { ReportLocaleSchema, ReportTemplateSchema } from '@sentinelle/reporting';
import { z } from 'zod';
import { currentUser } from '../../auth/authenticate';
import type { GuardedRouter } from '../../auth/guardedRouter';
import type { BridgeContext } from '../../context';
import { withTransaction } from '../../db/pool';
import { findReportTemplate, saveReportTemplate } from '../../db/reportTemplates';
import { asyncWrap } from '../asyncWrap';
import { input, validator } from '../validate';

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
      res.json({ site, template, isDefault: template.institution !== site });
    }),
  );

  routes.put(
    '/templates/:locale',
    { access: 'report:template' },
    validator(putSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, putSchemas);
      const user = currentUser(res).account;
      const template = await withTransaction(ctx.pool, (db) =>
        saveReportTemplate(db, user.site, { ...body, locale: params.locale }, user.id),
      );
      res.json({ site: user.site, template, isDefault: false });
    }),
  );
}
