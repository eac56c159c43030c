import { loadConfig } from '@sentinelle/config';
import { bridgeConfigFrom } from './config';

describe('bridgeConfigFrom', () => {
  test('bridgeConfigFrom gives the bridge the sites of SENTINELLE_SITES: each institution’s site and the default site', () => {
    const config = loadConfig({
      ORTHANC_PASSWORD: 'a test password',
      DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/sentinelle',
      REDIS_URL: 'redis://bridge:pw@127.0.0.1:6379',
      SENTINELLE_SITES: JSON.stringify({
        defaultSite: 'main',
        sites: [{ id: 'site-b', institutions: ['Site B Clinic'] }],
      }),
    });
    expect(bridgeConfigFrom(config, {}).auth?.sites).toEqual({
      defaultSite: 'main',
      byInstitution: { 'Site B Clinic': 'site-b' },
    });
  });
});
