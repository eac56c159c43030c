/**
 * Report templates per site and language (migration 007): versioned, each change a new row; a
 * site without its own gets the default template (DEFAULT_TEMPLATES) of the language.
 */
import {
  DEFAULT_TEMPLATES,
  ReportTemplateSchema,
  type ReportLocale,
  type ReportTemplate,
} from '@sentinelle/reporting';
import type { Queryable } from '../db/pool';

/** The site's latest template in the language; the default one (institution "default") when it has none. */
export async function findReportTemplate(
  db: Queryable,
  site: string,
  locale: ReportLocale,
): Promise<ReportTemplate> {
  const { rows } = await db.query<{ template: unknown }>(
    'SELECT template FROM report_template WHERE site = $1 AND locale = $2 ORDER BY version DESC LIMIT 1',
    [site, locale],
  );
  return rows[0] ? ReportTemplateSchema.parse(rows[0].template) : DEFAULT_TEMPLATES[locale];
}

/**
 * Records a new version of the site's template in the language: the template as given, with the
 * site as its institution and the next version number (the default template counts as version 1).
 */
export async function saveReportTemplate(
  db: Queryable,
  site: string,
  template: Omit<ReportTemplate, 'institution' | 'version' | 'locale'> & { readonly locale: ReportLocale },
  createdBy: string,
): Promise<ReportTemplate> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report_template:${site}`]);
  const { rows } = await db.query<{ next: number }>(
    'SELECT COALESCE(MAX(version), 1) + 1 AS next FROM report_template WHERE site = $1 AND locale = $2',
    [site, template.locale],
  );
  const saved = ReportTemplateSchema.parse({ ...template, institution: site, version: rows[0]!.next });
  await db.query(
    'INSERT INTO report_template (site, locale, version, template, created_by) VALUES ($1, $2, $3, $4, $5)',
    [site, saved.locale, saved.version, JSON.stringify(saved), createdBy],
  );
  return saved;
}
