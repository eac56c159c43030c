import { resolve } from 'node:path';
import { configEnv, DEFAULT_TRIAGE_RULES, isLoopbackHost, loadConfig } from './index';
import { DEFAULT_DATA_DIR } from './paths';
import { problemsOf } from './testing/configProblems';

describe('loadConfig', () => {
  test('loadConfig gives private instances on non-default loopback ports when nothing is set', () => {
    const config = loadConfig({});
    expect(config.network).toBe('loopback');
    expect(config.dataDir).toBe(DEFAULT_DATA_DIR);
    expect(config.bridge).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.orthanc).toEqual({
      url: 'http://127.0.0.1:18042',
      external: false,
      username: 'sentinelle',
      password: undefined,
      httpPort: 18042,
      dicomPort: 4242,
      aet: 'SENTINELLE',
      stableAgeSeconds: 10,
      dicomHost: '127.0.0.1',
      modalities: [{ aet: 'STORESCU', host: '127.0.0.1', port: 104 }],
      dicomTls: undefined,
    });
    expect(config.database).toEqual({ url: undefined, migrationUrl: undefined, privatePort: 15432 });
    expect(config.redis).toEqual({ url: undefined, privatePort: 16379 });
    expect(config.model.id).toBeUndefined();
    expect(config.worker.concurrency).toBe(1);
    expect(config.worker.threads).toBeGreaterThanOrEqual(1);
    expect(config.triage).toEqual({
      rules: DEFAULT_TRIAGE_RULES,
      defaultPriority: 'screening',
      agingMs: 900_000,
    });
    expect(config.demoUsers).toBe(false);
  });

  test('loadConfig reads every setting from the environment', () => {
    const config = loadConfig({
      SENTINELLE_DATA_DIR: 'tmp/data',
      LOG_LEVEL: 'debug',
      BRIDGE_PORT: '3100',
      ORTHANC_URL: 'http://localhost:8042/',
      ORTHANC_USERNAME: 'bridge',
      ORTHANC_PASSWORD: 'a-long-secret',
      ORTHANC_AET: 'MAMMO_AI',
      ORTHANC_STABLE_AGE: '2',
      DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/sentinelle',
      REDIS_URL: 'redis://[::1]:6379/2',
      MODEL_ID: 'mammo-mias-cnn',
      WORKER_CONCURRENCY: '2',
      WORKER_THREADS: '3',
      WORKER_LOCK_MS: '5000',
      TRIAGE_RULES: JSON.stringify([
        { priority: 'stat', field: 'StudyDescription', pattern: 'URGENT', flags: '' },
      ]),
      TRIAGE_DEFAULT_PRIORITY: 'diagnostic',
      TRIAGE_AGING_MS: '500',
    });
    expect(config.dataDir).toBe(resolve('tmp/data'));
    expect(config.logLevel).toBe('debug');
    expect(config.bridge.port).toBe(3100);
    expect(config.orthanc).toMatchObject({
      url: 'http://localhost:8042',
      external: true,
      username: 'bridge',
      password: 'a-long-secret',
      aet: 'MAMMO_AI',
      stableAgeSeconds: 2,
    });
    expect(config.database.url).toBe('postgres://app:pw@127.0.0.1:5432/sentinelle');
    expect(config.redis.url).toBe('redis://[::1]:6379/2');
    expect(config.model.id).toBe('mammo-mias-cnn');
    expect(config.worker).toEqual({ concurrency: 2, threads: 3, lockMs: 5_000 });
    expect(config.triage).toEqual({
      rules: [{ priority: 'stat', field: 'StudyDescription', pattern: 'URGENT', flags: '' }],
      defaultPriority: 'diagnostic',
      agingMs: 500,
    });
  });

  test('loadConfig returns a deeply frozen configuration', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.orthanc)).toBe(true);
    expect(Object.isFrozen(config.triage.rules)).toBe(true);
    expect(Object.isFrozen(config.triage.rules[0])).toBe(true);
    expect(() => {
      (config.bridge as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  test('loadConfig reads SENTINELLE_DEMO_USERS as 0 or 1', () => {
    expect(loadConfig({ SENTINELLE_DEMO_USERS: '1' }).demoUsers).toBe(true);
    expect(loadConfig({ SENTINELLE_DEMO_USERS: '0' }).demoUsers).toBe(false);
    expect(problemsOf({ SENTINELLE_DEMO_USERS: 'yes' })).toEqual([
      'SENTINELLE_DEMO_USERS must be one of 0, 1, got "yes"',
    ]);
  });

  test('loadConfig treats empty values as unset', () => {
    expect(loadConfig({ ORTHANC_URL: '', BRIDGE_PORT: '  ' }).orthanc.external).toBe(false);
  });

  test('loadConfig lists every problem at once, each naming its variable and the value it got', () => {
    const problems = problemsOf({
      ORTHANC_URL: 'http://10.1.2.3:8042',
      DATABASE_URL: 'mysql://127.0.0.1/db',
      REDIS_URL: 'redis://cache.example.org:6379',
      BRIDGE_PORT: '70000',
      WORKER_CONCURRENCY: 'two',
      LOG_LEVEL: 'loud',
      TRIAGE_AGING_MS: '-5',
    });
    expect(problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'BRIDGE_PORT must be a TCP port (an integer from 1 to 65535), got "70000"',
      'ORTHANC_URL must be an http URL on a loopback address (127.0.0.1, ::1 or localhost), got "http://10.1.2.3:8042"; ' +
        'Sentinelle talks to its services over loopback only (set SENTINELLE_NETWORK=container only inside a private container network)',
      'DATABASE_URL must be a postgres:// URL on a loopback address (127.0.0.1, ::1 or localhost), got "mysql://127.0.0.1/db"',
      'REDIS_URL must be a redis:// URL on a loopback address (127.0.0.1, ::1 or localhost), got "redis://cache.example.org:6379"; ' +
        'Sentinelle talks to its services over loopback only (set SENTINELLE_NETWORK=container only inside a private container network)',
      'WORKER_CONCURRENCY must be the number of jobs a worker runs at once (an integer from 1 to 64), got "two"',
      'TRIAGE_AGING_MS must be the milliseconds after which a waiting job moves up one priority level (an integer from 1 to 604800000), got "-5"',
    ]);
  });

  test('loadConfig puts every problem in the ConfigError message', () => {
    expect(() => loadConfig({ BRIDGE_PORT: 'x', REDIS_PORT: '0' })).toThrow(
      'Invalid configuration (2 problems):\n' +
        '  - BRIDGE_PORT must be a TCP port (an integer from 1 to 65535), got "x"\n' +
        '  - REDIS_PORT must be a TCP port (an integer from 1 to 65535), got "0"',
    );
  });

  test('loadConfig never echoes a password from a URL', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'postgres://app:s3cret@db.example.org/sentinelle' });
    expect(problem).toContain('postgres://app:***@db.example.org/sentinelle');
    expect(problem).not.toContain('s3cret');
  });

  test('loadConfig wants the Orthanc password with an existing Orthanc, and no credentials in its URL', () => {
    expect(problemsOf({ ORTHANC_URL: 'http://127.0.0.1:8042' })).toEqual([
      'ORTHANC_PASSWORD must be set when ORTHANC_URL points at an existing Orthanc',
    ]);
    expect(problemsOf({ ORTHANC_URL: 'http://u:p@127.0.0.1:8042', ORTHANC_PASSWORD: 'long-enough' })).toEqual(
      ['ORTHANC_URL must not carry credentials; set them in ORTHANC_USERNAME and ORTHANC_PASSWORD'],
    );
    expect(problemsOf({ ORTHANC_PASSWORD: 'short' })).toEqual([
      'ORTHANC_PASSWORD must be at least 8 characters long',
    ]);
  });

  test('loadConfig refuses two private services on one port', () => {
    expect(problemsOf({ ORTHANC_HTTP_PORT: '15432', REDIS_PORT: '3000' })).toEqual([
      'POSTGRES_PORT and ORTHANC_HTTP_PORT are both 15432; each service needs its own port',
      'REDIS_PORT and BRIDGE_PORT are both 3000; each service needs its own port',
    ]);
    // A port of a service that is not started privately may be anything.
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PORT: '3000' }).redis.privatePort).toBe(
      3000,
    );
  });

  test('loadConfig keeps the bridge on loopback unless inside a container network', () => {
    expect(problemsOf({ BRIDGE_HOST: '0.0.0.0' })).toEqual([
      'BRIDGE_HOST must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"',
    ]);
    const config = loadConfig({
      SENTINELLE_NETWORK: 'container',
      BRIDGE_HOST: '0.0.0.0',
      ORTHANC_URL: 'http://orthanc:8042',
      ORTHANC_PASSWORD: 'long-enough',
      DATABASE_URL: 'postgres://sentinelle:pw@postgres:5432/sentinelle',
      REDIS_URL: 'redis://redis:6379',
    });
    expect(config.orthanc.url).toBe('http://orthanc:8042');
    expect(config.bridge.host).toBe('0.0.0.0');
  });

  test('loadConfig explains each bad triage rule', () => {
    expect(problemsOf({ TRIAGE_RULES: '{not json' })[0]).toMatch(
      /^TRIAGE_RULES must be a JSON array of \{"priority": "stat"\|"diagnostic"\|"screening", "field": "<DICOM keyword>", "pattern": "<regex>"\}; it is not JSON/,
    );
    expect(
      problemsOf({
        TRIAGE_RULES: JSON.stringify([
          { priority: 'urgent', field: 'StudyDescription', pattern: 'x' },
          { priority: 'stat', field: '(0008,1030)', pattern: 'x' },
          { priority: 'stat', field: 'StudyDescription', pattern: '(unclosed' },
          { priority: 'stat', field: 'StudyDescription', pattern: 'x', flag: 'i' },
          { priority: 'stat', field: 'StudyDescription', pattern: 'x', flags: 'gi' },
        ]),
      }),
    ).toEqual([
      'TRIAGE_RULES[0].priority must be one of stat, diagnostic, screening, got "urgent"',
      'TRIAGE_RULES[1].field must be a DICOM keyword such as StudyDescription (letters and digits, no tag numbers), got "(0008,1030)"',
      'TRIAGE_RULES[2].pattern is not a valid regular expression: Invalid regular expression: /(unclosed/i: Unterminated group',
      'TRIAGE_RULES[3] has unknown key(s) flag; a rule holds priority, field, pattern and optionally flags',
      'TRIAGE_RULES[4].flags may only hold the regular expression flags i, m, s, u (once each)',
    ]);
  });

  test('loadConfig default triage rules compile and put urgent requests first', () => {
    for (const rule of DEFAULT_TRIAGE_RULES) expect(() => new RegExp(rule.pattern, rule.flags)).not.toThrow();
    const matching = (field: string, text: string) =>
      DEFAULT_TRIAGE_RULES.filter((r) => r.field === field && new RegExp(r.pattern, r.flags).test(text)).map(
        (r) => r.priority,
      );
    expect(matching('StudyDescription', 'Mammographie bilatérale URGENCE')).toEqual(['stat']);
    expect(matching('RequestedProcedureDescription', 'Mammo diagnostique')).toEqual(['diagnostic']);
    expect(matching('StudyDescription', 'Mammographie de dépistage')).toEqual([]);
    expect(matching('RequestedProcedurePriority', 'STAT')).toEqual(['stat']);
  });
});

describe('configEnv', () => {
  test('loadConfig wants the bridge certificate and key together', () => {
    expect(loadConfig({}).bridge.tls).toBeUndefined();
    expect(() => loadConfig({ BRIDGE_TLS_CERT: 'tls.crt.pem' })).toThrow(
      'BRIDGE_TLS_CERT and BRIDGE_TLS_KEY go together: set both (PEM files) for HTTPS, or neither',
    );
  });

  test('configEnv gives a child process the same settings through loadConfig', () => {
    const config = loadConfig({
      SENTINELLE_DATA_DIR: 'tmp/data',
      LOG_LEVEL: 'warn',
      BRIDGE_PORT: '3100',
      ORTHANC_HTTP_PORT: '18100',
      ORTHANC_AET: 'MAMMO_AI',
      POSTGRES_PORT: '15500',
      MODEL_ID: 'mammo-mias-cnn',
      WORKER_CONCURRENCY: '2',
      WORKER_THREADS: '3',
      TRIAGE_RULES: JSON.stringify([{ priority: 'stat', field: 'StudyDescription', pattern: 'URGENT' }]),
      TRIAGE_AGING_MS: '500',
      SENTINELLE_DEMO_USERS: '1',
      BRIDGE_TLS_CERT: 'tmp/pki/tls.crt.pem',
      BRIDGE_TLS_KEY: 'tmp/pki/tls.key.pem',
    });
    expect(config.demoUsers).toBe(true);
    expect(config.bridge.tls).toEqual({
      certPath: resolve('tmp/pki/tls.crt.pem'),
      keyPath: resolve('tmp/pki/tls.key.pem'),
    });
    // Everything but the Orthanc password, which the stack passes along with the services' URLs.
    expect(loadConfig(configEnv(config))).toEqual(config);
    expect(loadConfig(configEnv(loadConfig({})))).toEqual(loadConfig({}));
  });
});

describe('DICOM settings', () => {
  test('loadConfig takes the modalities allowed to store from SENTINELLE_DICOM_MODALITIES', () => {
    const modalities = [
      { aet: 'MAMMO_1', host: '127.0.0.1', port: 11112 },
      { aet: 'MAMMO_2', host: '::1' },
    ];
    const config = loadConfig({ SENTINELLE_DICOM_MODALITIES: JSON.stringify(modalities) });
    expect(config.orthanc.modalities).toEqual([modalities[0], { ...modalities[1], port: 104 }]);
    expect(loadConfig(configEnv(config)).orthanc).toEqual(config.orthanc);
  });

  test('loadConfig refuses malformed modalities, and network hosts while SENTINELLE_DICOM_HOST is loopback', () => {
    expect(problemsOf({ SENTINELLE_DICOM_MODALITIES: '{' })[0]).toMatch(
      /^SENTINELLE_DICOM_MODALITIES must be a JSON array/,
    );
    expect(
      problemsOf({
        SENTINELLE_DICOM_MODALITIES: JSON.stringify([{ aet: 'WAY_TOO_LONG_AE_TITLE', host: '127.0.0.1' }]),
      })[0],
    ).toMatch(/^SENTINELLE_DICOM_MODALITIES\[0\]\.aet must be a DICOM AE title/);
    expect(
      problemsOf({
        SENTINELLE_DICOM_MODALITIES: JSON.stringify([{ aet: 'MAMMO', host: '127.0.0.1', extra: 1 }]),
      }),
    ).toHaveLength(1);
    const remote = JSON.stringify([{ aet: 'MAMMO', host: '192.0.2.10' }]);
    expect(problemsOf({ SENTINELLE_DICOM_MODALITIES: remote })[0]).toMatch(
      /^SENTINELLE_DICOM_MODALITIES\[0\]\.host "192\.0\.2\.10" is not a loopback address/,
    );
    expect(
      loadConfig({ SENTINELLE_DICOM_HOST: '0.0.0.0', SENTINELLE_DICOM_MODALITIES: remote }).orthanc,
    ).toMatchObject({
      dicomHost: '0.0.0.0',
      modalities: [{ aet: 'MAMMO', host: '192.0.2.10', port: 104 }],
    });
  });

  test('loadConfig refuses a DICOM listening address Orthanc cannot bind to alone', () => {
    expect(() => loadConfig({ SENTINELLE_DICOM_HOST: '192.0.2.1' })).toThrow(
      /SENTINELLE_DICOM_HOST must be a loopback address, or 0\.0\.0\.0 \/ :: .*Orthanc 1\.10 cannot listen on one address only/,
    );
  });

  test('loadConfig turns DICOM TLS on with its three files together, or none for the demo PKI', () => {
    expect(loadConfig({ SENTINELLE_DICOM_TLS: '1' }).orthanc.dicomTls).toEqual({
      certPath: undefined,
      keyPath: undefined,
      trustedPath: undefined,
    });
    const files = {
      ORTHANC_DICOM_TLS_CERT: 'c.pem',
      ORTHANC_DICOM_TLS_KEY: 'k.pem',
      ORTHANC_DICOM_TLS_CA: 'ca.pem',
    };
    const config = loadConfig({ SENTINELLE_DICOM_TLS: '1', ...files });
    expect(config.orthanc.dicomTls).toEqual({
      certPath: resolve('c.pem'),
      keyPath: resolve('k.pem'),
      trustedPath: resolve('ca.pem'),
    });
    expect(loadConfig(configEnv(config)).orthanc).toEqual(config.orthanc);
    expect(() => loadConfig({ SENTINELLE_DICOM_TLS: '1', ORTHANC_DICOM_TLS_CERT: 'c.pem' })).toThrow(
      /go together/,
    );
    expect(() => loadConfig(files)).toThrow(
      /ORTHANC_DICOM_TLS_CERT is set but SENTINELLE_DICOM_TLS is not 1/,
    );
  });

  test('loadConfig wants DATABASE_URL with DATABASE_MIGRATION_URL', () => {
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://owner:pw@127.0.0.1/sentinelle' })).toThrow(
      'DATABASE_MIGRATION_URL goes with DATABASE_URL',
    );
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:pw@127.0.0.1/sentinelle',
      DATABASE_MIGRATION_URL: 'postgres://owner:pw@127.0.0.1/sentinelle',
    });
    expect(config.database.migrationUrl).toBe('postgres://owner:pw@127.0.0.1/sentinelle');
  });
});

describe('isLoopbackHost', () => {
  test('isLoopbackHost accepts localhost, ::1 and 127.0.0.0/8 only', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.org', '128.0.0.1', 'localhost.example.org', '[::]']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});
