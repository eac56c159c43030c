/**
 * The sites of an installation and the institutions that feed them: a patient belongs to the site
 * of the institution that sent their images (DICOM InstitutionName, exactly as sent), else to the
 * default site. Configuration, not code: SENTINELLE_SITES (JSON) or SENTINELLE_SITES_FILE (a JSON
 * file), checked at start.
 *
 *   {"defaultSite": "main", "sites": [{"id": "site-b", "institutions": ["Site B Clinic"]}]}
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** A site id as accounts and patients hold it (the database's CHECK). */
const SITE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

const siteId = z.string().regex(SITE_ID, {
  error: (issue) =>
    `must be a site id (lowercase letters, digits and '-', 1-32, starting with a letter or digit), got ${JSON.stringify(issue.input)}`,
});

const sitesSchema = z.strictObject({
  /** Patients whose institution no site lists. */
  defaultSite: siteId,
  sites: z
    .array(
      z.strictObject({
        id: siteId,
        /** InstitutionName values, exactly as the modalities send them (trimmed). */
        institutions: z
          .array(
            z
              .string()
              .trim()
              .min(1, { error: 'must not be empty' })
              .max(64, { error: 'must be at most 64 characters (a DICOM InstitutionName)' }),
          )
          .max(200),
      }),
    )
    .max(100),
});

export interface SiteConfig {
  readonly defaultSite: string;
  readonly sites: readonly { readonly id: string; readonly institutions: readonly string[] }[];
  /** Where they came from: the environment, a file, the demo's (npm start), or the default (one site, "main"). */
  readonly source: 'SENTINELLE_SITES' | 'SENTINELLE_SITES_FILE' | 'demo' | 'default';
}

export const DEFAULT_SITES: SiteConfig = { defaultSite: 'main', sites: [], source: 'default' };

/**
 * The sites of `raw` (JSON text from `source`), or the problems found, one sentence each: bad
 * JSON, a bad field, a site declared twice, an institution feeding two sites.
 */
function parseSites(
  raw: string,
  source: 'SENTINELLE_SITES' | 'SENTINELLE_SITES_FILE',
): SiteConfig | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { problems: [`${source} is not JSON (${(error as Error).message})`] };
  }
  const parsed = sitesSchema.safeParse(json);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) => {
        const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        const message =
          issue.code === 'unrecognized_keys'
            ? `has unknown key(s) ${issue.keys.join(', ')}; it holds defaultSite and sites [{id, institutions}]`
            : issue.message;
        return `${source}${where} ${message}`;
      }),
    };
  const problems: string[] = [];
  const ids = new Set<string>();
  const feeds = new Map<string, string>();
  for (const site of parsed.data.sites) {
    if (ids.has(site.id)) problems.push(`${source} declares site "${site.id}" twice`);
    ids.add(site.id);
    for (const institution of site.institutions) {
      const other = feeds.get(institution);
      if (other !== undefined && other !== site.id)
        problems.push(`${source}: institution "${institution}" feeds both "${other}" and "${site.id}"`);
      feeds.set(institution, site.id);
    }
  }
  if (problems.length) return { problems };
  return { ...parsed.data, source };
}

/** The sites from SENTINELLE_SITES or SENTINELLE_SITES_FILE (not both); the default without either. */
export function sitesFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  issue: (message: string) => void,
): SiteConfig {
  const inline = env.SENTINELLE_SITES?.trim() || undefined;
  const file = env.SENTINELLE_SITES_FILE?.trim() || undefined;
  if (inline !== undefined && file !== undefined) {
    issue('SENTINELLE_SITES and SENTINELLE_SITES_FILE both declare the sites: set one of them');
    return DEFAULT_SITES;
  }
  let raw: string;
  let source: 'SENTINELLE_SITES' | 'SENTINELLE_SITES_FILE';
  if (inline !== undefined) [raw, source] = [inline, 'SENTINELLE_SITES'];
  else if (file !== undefined) {
    source = 'SENTINELLE_SITES_FILE';
    try {
      raw = readFileSync(resolve(file), 'utf8');
    } catch (error) {
      issue(`SENTINELLE_SITES_FILE ${JSON.stringify(file)} cannot be read: ${(error as Error).message}`);
      return DEFAULT_SITES;
    }
  } else return DEFAULT_SITES;
  const sites = parseSites(raw, source);
  if ('problems' in sites) {
    sites.problems.forEach(issue);
    return DEFAULT_SITES;
  }
  return sites;
}

/** InstitutionName → site id, for the bridge's patient scope. */
export function institutionSites(sites: SiteConfig): Record<string, string> {
  return Object.fromEntries(sites.sites.flatMap((s) => s.institutions.map((i) => [i, s.id] as const)));
}
