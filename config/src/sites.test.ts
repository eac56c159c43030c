import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configEnv, DEFAULT_SITES, DEMO_SITES, institutionSites, loadConfig } from './index';
import { problemsOf } from './testing/configProblems';

const TWO_SITES = {
  defaultSite: 'main',
  sites: [
    { id: 'main', institutions: ['Hôpital Nord'] },
    { id: 'site-b', institutions: ['Site B Clinic', 'Centre B2'] },
  ],
};

describe('sites', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sentinelle-sites-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('loadConfig takes the sites and their institutions from SENTINELLE_SITES, and passes them on to the services', () => {
    const config = loadConfig({ SENTINELLE_SITES: JSON.stringify(TWO_SITES) });
    expect(config.sites).toEqual({ ...TWO_SITES, source: 'SENTINELLE_SITES' });
    expect(institutionSites(config.sites)).toEqual({
      'Hôpital Nord': 'main',
      'Site B Clinic': 'site-b',
      'Centre B2': 'site-b',
    });
    // The bridge, a child process, reads the same sites.
    expect(loadConfig(configEnv(config)).sites).toEqual(config.sites);
    // npm start with the demo hands the demo's sites to the bridge the same way.
    const demo = loadConfig(configEnv({ ...loadConfig({}), sites: DEMO_SITES })).sites;
    expect(demo).toEqual({ ...DEMO_SITES, source: 'SENTINELLE_SITES' });
    expect(institutionSites(demo)['Site B Clinic']).toBe('site-b');
    // Without either variable: one site, main, fed by every institution.
    expect(loadConfig({}).sites).toEqual(DEFAULT_SITES);
    expect(configEnv(loadConfig({})).SENTINELLE_SITES).toBeUndefined();
  });

  test('loadConfig reads the sites from SENTINELLE_SITES_FILE', async () => {
    const file = join(work, 'sites.json');
    await writeFile(file, JSON.stringify(TWO_SITES));
    expect(loadConfig({ SENTINELLE_SITES_FILE: file }).sites).toEqual({
      ...TWO_SITES,
      source: 'SENTINELLE_SITES_FILE',
    });
  });

  test('loadConfig refuses bad sites with a sentence naming the variable, the field and the fix', async () => {
    expect(problemsOf({ SENTINELLE_SITES: '{"defaultSite": "main", ' })).toEqual([
      expect.stringMatching(/^SENTINELLE_SITES is not JSON \(/),
    ]);
    expect(
      problemsOf({
        SENTINELLE_SITES: JSON.stringify({
          defaultSite: 'Main Site',
          sites: [{ id: 'b', institutions: [''] }],
        }),
      }),
    ).toEqual([
      'SENTINELLE_SITES.defaultSite must be a site id (lowercase letters, digits and \'-\', 1-32, starting with a letter or digit), got "Main Site"',
      'SENTINELLE_SITES.sites[0].institutions[0] must not be empty',
    ]);
    expect(problemsOf({ SENTINELLE_SITES: JSON.stringify({ ...TWO_SITES, default: 'x' }) })).toEqual([
      'SENTINELLE_SITES has unknown key(s) default; it holds defaultSite and sites [{id, institutions}]',
    ]);
    expect(
      problemsOf({
        SENTINELLE_SITES: JSON.stringify({
          defaultSite: 'main',
          sites: [
            { id: 'main', institutions: ['Site B Clinic'] },
            { id: 'site-b', institutions: ['Site B Clinic'] },
            { id: 'site-b', institutions: [] },
          ],
        }),
      }),
    ).toEqual([
      'SENTINELLE_SITES: institution "Site B Clinic" feeds both "main" and "site-b"',
      'SENTINELLE_SITES declares site "site-b" twice',
    ]);
    const missing = join(work, 'nowhere.json');
    expect(problemsOf({ SENTINELLE_SITES_FILE: missing })).toEqual([
      expect.stringMatching(new RegExp(`^SENTINELLE_SITES_FILE "${missing}" cannot be read: ENOENT`)),
    ]);
    expect(
      problemsOf({ SENTINELLE_SITES: JSON.stringify(TWO_SITES), SENTINELLE_SITES_FILE: missing }),
    ).toEqual(['SENTINELLE_SITES and SENTINELLE_SITES_FILE both declare the sites: set one of them']);
  });
});
