import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PKI_FILES, loadConfig } from '@sentinelle/config';
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

  test('bridgeConfigFrom dates reports on the clocks of SENTINELLE_REPORT_TIME_ZONE, Europe/Paris by default, and refuses an unknown zone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentinelle-config-'));
    try {
      mkdirSync(join(dataDir, 'pki'));
      writeFileSync(join(dataDir, 'pki', DEMO_PKI_FILES.signingP12), '');
      writeFileSync(join(dataDir, 'pki', DEMO_PKI_FILES.signingPassphrase), '');
      const config = loadConfig({
        ORTHANC_PASSWORD: 'a test password',
        DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/sentinelle',
        REDIS_URL: 'redis://bridge:pw@127.0.0.1:6379',
        SENTINELLE_DATA_DIR: dataDir,
      });
      expect(bridgeConfigFrom(config, {}).reports?.timeZone).toBe('Europe/Paris');
      expect(
        bridgeConfigFrom(config, { SENTINELLE_REPORT_TIME_ZONE: 'America/Martinique' }).reports?.timeZone,
      ).toBe('America/Martinique');
      expect(() => bridgeConfigFrom(config, { SENTINELLE_REPORT_TIME_ZONE: 'Paris' })).toThrow(
        'SENTINELLE_REPORT_TIME_ZONE: "Paris" is not an IANA time zone (e.g. Europe/Paris)',
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
