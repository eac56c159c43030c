import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseDicomModalities, type DicomModality } from './orthanc/dicomModalities';
import { DEFAULT_DATA_DIR } from './paths';
import { sitesFromEnv, type SiteConfig } from './sites';

/** Analysis priorities, most urgent first. */
export const PRIORITIES = ['stat', 'diagnostic', 'screening'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Default ports of the private stack. None is a service's usual port except Orthanc's DICOM port,
 * which modalities are configured for (the pipeline issue asks for 4242): the system PostgreSQL
 * (5432), Redis (6379) and Orthanc HTTP (8042) can keep running beside Sentinelle's own instances.
 */
export const DEFAULT_PORTS = {
  bridge: 3000,
  orthancHttp: 18042,
  orthancDicom: 4242,
  postgres: 15432,
  redis: 16379,
} as const;

/**
 * A triage rule: a study whose DICOM attribute `field` (a keyword such as StudyDescription)
 * matches `pattern` (a JavaScript regular expression source, compiled with `flags`) gets
 * `priority`. When several rules match, the most urgent priority wins, whatever their order;
 * when none matches, the study gets `triage.defaultPriority`.
 */
export const triageRuleSchema = z.strictObject({
  priority: z.enum(PRIORITIES, {
    error: (issue) => `must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(issue.input)}`,
  }),
  field: z
    .string({ error: 'must be a DICOM keyword such as StudyDescription' })
    .regex(/^[A-Z][A-Za-z0-9]*$/, {
      error: (issue) =>
        `must be a DICOM keyword such as StudyDescription (letters and digits, no tag numbers), got ${JSON.stringify(issue.input)}`,
    }),
  pattern: z
    .string({ error: 'must be a regular expression source (a string)' })
    .min(1, { error: 'must not be empty' }),
  flags: z
    .string()
    .regex(/^(?!.*(.).*\1)[imsu]*$/, {
      error: 'may only hold the regular expression flags i, m, s, u (once each)',
    })
    .default('i'),
});
export type TriageRule = z.output<typeof triageRuleSchema>;

/**
 * The rules used when TRIAGE_RULES is not set: the worklist priority and words in the requested
 * procedure or study description, in French and English.
 */
export const DEFAULT_TRIAGE_RULES: readonly TriageRule[] = [
  { priority: 'stat', field: 'RequestedProcedurePriority', pattern: '^(STAT|HIGH)$', flags: 'i' },
  {
    priority: 'stat',
    field: 'RequestedProcedureDescription',
    pattern: '\\b(urgent|urgence|stat)\\b',
    flags: 'i',
  },
  { priority: 'stat', field: 'StudyDescription', pattern: '\\b(urgent|urgence|stat)\\b', flags: 'i' },
  {
    priority: 'diagnostic',
    field: 'RequestedProcedureDescription',
    pattern: '\\b(diag|diagnostic|diagnostique|bilan|rappel|recall|biops)',
    flags: 'i',
  },
  {
    priority: 'diagnostic',
    field: 'StudyDescription',
    pattern: '\\b(diag|diagnostic|diagnostique|bilan|rappel|recall|biops)',
    flags: 'i',
  },
];

export interface OrthancSettings {
  /** Base URL of the Orthanc REST API, without a trailing slash. */
  readonly url: string;
  /** True when ORTHANC_URL names an Orthanc that Sentinelle does not start itself. */
  readonly external: boolean;
  readonly username: string;
  /** Undefined for the private instance unless set: `npm start` generates and keeps one. */
  readonly password: string | undefined;
  /** Ports, AE title and StableAge of the private instance (ignored when external). */
  readonly httpPort: number;
  readonly dicomPort: number;
  readonly aet: string;
  readonly stableAgeSeconds: number;
  /**
   * Where modalities reach the private Orthanc's DICOM port (SENTINELLE_DICOM_HOST): a loopback
   * address (the default: only modalities on this machine), or 0.0.0.0 / :: (the network). Orthanc
   * 1.10 listens on every interface whatever this says; what it enforces is that only the
   * configured modalities, from their hosts, get an association, so loopback allows loopback ones only.
   */
  readonly dicomHost: string;
  /** The modalities allowed to store (SENTINELLE_DICOM_MODALITIES); default the demo's storescu on 127.0.0.1. */
  readonly modalities: readonly DicomModality[];
  /**
   * DICOM TLS (SENTINELLE_DICOM_TLS=1): the port then takes TLS associations with a client
   * certificate only. Paths unset: npm start's demo PKI (its TLS certificate and CA).
   */
  readonly dicomTls:
    | {
        readonly certPath: string | undefined;
        readonly keyPath: string | undefined;
        readonly trustedPath: string | undefined;
      }
    | undefined;
}

export interface SentinelleConfig {
  /**
   * `loopback` (the default): every service URL must name a loopback address, and the bridge
   * listens on one. `container`: service URLs may name other hosts (compose service names) and the
   * bridge may listen on 0.0.0.0; meant only for a private container network.
   */
  readonly network: 'loopback' | 'container';
  /** Data of the private instances (postgres/, redis/, orthanc/) and credentials.json. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly bridge: {
    readonly host: string;
    readonly port: number;
    /** PEM certificate and key (BRIDGE_TLS_CERT, BRIDGE_TLS_KEY): the bridge serves HTTPS; `npm start` makes a demo one. */
    readonly tls: { readonly certPath: string; readonly keyPath: string } | undefined;
  };
  readonly orthanc: OrthancSettings;
  /**
   * `url` undefined: start a private PostgreSQL on `privatePort`. `migrationUrl`: the role that
   * owns the schema and runs the migrations (DATABASE_MIGRATION_URL); undefined: `url` does both.
   */
  readonly database: {
    readonly url: string | undefined;
    readonly migrationUrl: string | undefined;
    readonly privatePort: number;
  };
  /** `url` undefined: start a private Redis on `privatePort`. */
  readonly redis: { readonly url: string | undefined; readonly privatePort: number };
  /** `id` undefined: the registry's default model. */
  readonly model: { readonly id: string | undefined };
  /**
   * Jobs one worker runs at once, ONNX Runtime intra-op threads per job, and how long a job stays
   * claimed by a worker that stopped answering (killed, frozen) before the queue gives it to
   * another worker or to the same one restarted.
   */
  readonly worker: { readonly concurrency: number; readonly threads: number; readonly lockMs: number };
  readonly triage: {
    readonly rules: readonly TriageRule[];
    readonly defaultPriority: Priority;
    /** A job waiting longer than this moves up one priority level (and again after as long). */
    readonly agingMs: number;
  };
  /** The bridge creates the demo accounts (DEMO_USERS, passwords in demo-users.json) at start; `npm start` sets it with the demo. */
  readonly demoUsers: boolean;
  /** The sites and the institutions feeding them (SENTINELLE_SITES or SENTINELLE_SITES_FILE, see sites.ts). */
  readonly sites: SiteConfig;
}

/** The configuration was invalid; `problems` lists every problem, one sentence each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.problems = Object.freeze([...problems]);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** True for localhost, ::1 and 127.0.0.0/8. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

type Env = Readonly<Record<string, string | undefined>>;
type Issue = (message: string) => void;

function quote(raw: string): string {
  return JSON.stringify(raw);
}

/** A value with surrounding spaces trimmed; empty counts as unset. */
function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function integer(env: Env, name: string, def: number, min: number, max: number, what: string, issue: Issue) {
  const raw = value(env, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    issue(`${name} must be ${what} (an integer from ${min} to ${max}), got ${quote(raw)}`);
    return def;
  }
  return n;
}

function port(env: Env, name: string, def: number, issue: Issue) {
  return integer(env, name, def, 1, 65535, 'a TCP port', issue);
}

function oneOf<T extends string>(env: Env, name: string, options: readonly T[], def: T, issue: Issue): T {
  const raw = value(env, name);
  if (raw === undefined) return def;
  if ((options as readonly string[]).includes(raw)) return raw as T;
  issue(`${name} must be one of ${options.join(', ')}, got ${quote(raw)}`);
  return def;
}

function serviceUrl(
  env: Env,
  name: string,
  protocols: readonly string[],
  what: string,
  network: SentinelleConfig['network'],
  issue: Issue,
  { credentialsAllowed }: { credentialsAllowed: boolean },
): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const where = network === 'loopback' ? ' on a loopback address (127.0.0.1, ::1 or localhost)' : '';
  const expected = `${name} must be ${what}${where}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    issue(`${expected}, got ${quote(raw)} (not a URL)`);
    return undefined;
  }
  // Never echo a password back in an error message.
  const shown = url.password ? raw.replace(`:${url.password}@`, ':***@') : raw;
  if (!protocols.includes(url.protocol)) {
    issue(`${expected}, got ${quote(shown)}`);
    return undefined;
  }
  if (network === 'loopback' && !isLoopbackHost(url.hostname)) {
    issue(
      `${expected}, got ${quote(shown)}; Sentinelle talks to its services over loopback only ` +
        `(set SENTINELLE_NETWORK=container only inside a private container network)`,
    );
    return undefined;
  }
  if (!credentialsAllowed && (url.username || url.password)) {
    issue(`${name} must not carry credentials; set them in ORTHANC_USERNAME and ORTHANC_PASSWORD`);
    return undefined;
  }
  return raw.replace(/\/+$/, '');
}

function triageRules(env: Env, issue: Issue): readonly TriageRule[] {
  const raw = value(env, 'TRIAGE_RULES');
  if (raw === undefined) return DEFAULT_TRIAGE_RULES;
  const shape =
    'a JSON array of {"priority": "stat"|"diagnostic"|"screening", "field": "<DICOM keyword>", "pattern": "<regex>"}';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    issue(`TRIAGE_RULES must be ${shape}; it is not JSON (${(error as Error).message})`);
    return DEFAULT_TRIAGE_RULES;
  }
  if (!Array.isArray(json)) {
    issue(`TRIAGE_RULES must be ${shape}, got ${quote(raw)}`);
    return DEFAULT_TRIAGE_RULES;
  }
  const rules: TriageRule[] = [];
  json.forEach((item: unknown, i) => {
    const parsed = triageRuleSchema.safeParse(item);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) {
        const key = problem.path.length ? `.${problem.path.join('.')}` : '';
        const message =
          problem.code === 'unrecognized_keys'
            ? `has unknown key(s) ${problem.keys.join(', ')}; a rule holds priority, field, pattern and optionally flags`
            : problem.message;
        issue(`TRIAGE_RULES[${i}]${key} ${message}`);
      }
      return;
    }
    try {
      new RegExp(parsed.data.pattern, parsed.data.flags);
    } catch (error) {
      issue(`TRIAGE_RULES[${i}].pattern is not a valid regular expression: ${(error as Error).message}`);
      return;
    }
    rules.push(parsed.data);
  });
  return rules;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Reads Sentinelle's configuration from the environment (the table in config/README.md) and
 * returns it deeply frozen. Throws a ConfigError that lists every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv | Env = process.env): SentinelleConfig {
  const e: Env = { ...env };
  const problems: string[] = [];
  const issue: Issue = (message) => problems.push(message);

  const network = oneOf(e, 'SENTINELLE_NETWORK', ['loopback', 'container'] as const, 'loopback', issue);
  const dataDir = resolve(value(e, 'SENTINELLE_DATA_DIR') ?? DEFAULT_DATA_DIR);
  const logLevel = oneOf(e, 'LOG_LEVEL', LOG_LEVELS, 'info', issue);

  const bridgeHost = value(e, 'BRIDGE_HOST') ?? '127.0.0.1';
  const wildcard = bridgeHost === '0.0.0.0' || bridgeHost === '::';
  if (network === 'loopback' ? !isLoopbackHost(bridgeHost) : !isLoopbackHost(bridgeHost) && !wildcard) {
    issue(
      network === 'loopback'
        ? `BRIDGE_HOST must be a loopback address (127.0.0.1, ::1 or localhost), got ${quote(bridgeHost)}`
        : `BRIDGE_HOST must be a loopback address or 0.0.0.0/:: inside a container, got ${quote(bridgeHost)}`,
    );
  }
  const bridgePort = port(e, 'BRIDGE_PORT', DEFAULT_PORTS.bridge, issue);
  const tlsCert = value(e, 'BRIDGE_TLS_CERT');
  const tlsKey = value(e, 'BRIDGE_TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    issue('BRIDGE_TLS_CERT and BRIDGE_TLS_KEY go together: set both (PEM files) for HTTPS, or neither');
  const bridgeTls =
    tlsCert !== undefined && tlsKey !== undefined
      ? { certPath: resolve(tlsCert), keyPath: resolve(tlsKey) }
      : undefined;

  const orthancUrl = serviceUrl(e, 'ORTHANC_URL', ['http:', 'https:'], 'an http URL', network, issue, {
    credentialsAllowed: false,
  });
  const httpPort = port(e, 'ORTHANC_HTTP_PORT', DEFAULT_PORTS.orthancHttp, issue);
  const dicomPort = port(e, 'ORTHANC_DICOM_PORT', DEFAULT_PORTS.orthancDicom, issue);
  const username = value(e, 'ORTHANC_USERNAME') ?? 'sentinelle';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) {
    issue(`ORTHANC_USERNAME must be 1-64 letters, digits, '.', '_' or '-', got ${quote(username)}`);
  }
  const password = value(e, 'ORTHANC_PASSWORD');
  if (orthancUrl !== undefined && password === undefined) {
    issue('ORTHANC_PASSWORD must be set when ORTHANC_URL points at an existing Orthanc');
  }
  if (password !== undefined && password.length < 8) {
    issue('ORTHANC_PASSWORD must be at least 8 characters long');
  }
  const aet = value(e, 'ORTHANC_AET') ?? 'SENTINELLE';
  if (!/^[\x20-\x5b\x5d-\x7e]{1,16}$/.test(aet)) {
    issue(
      `ORTHANC_AET must be a DICOM AE title (1-16 printable characters, no backslash), got ${quote(aet)}`,
    );
  }
  const stableAgeSeconds = integer(e, 'ORTHANC_STABLE_AGE', 10, 1, 3600, 'a number of seconds', issue);
  const dicomHost = value(e, 'SENTINELLE_DICOM_HOST') ?? '127.0.0.1';
  const dicomEverywhere = dicomHost === '0.0.0.0' || dicomHost === '::';
  if (!isLoopbackHost(dicomHost) && !dicomEverywhere) {
    issue(
      `SENTINELLE_DICOM_HOST must be a loopback address, or 0.0.0.0 / :: for modalities on the network, got ${quote(dicomHost)}: ` +
        'Orthanc 1.10 cannot listen on one address only; restrict its DICOM port with a firewall rule (config/README.md)',
    );
  }
  const modalities = parseDicomModalities(
    value(e, 'SENTINELLE_DICOM_MODALITIES'),
    !dicomEverywhere,
    isLoopbackHost,
    issue,
  );
  const dicomTlsOn = oneOf(e, 'SENTINELLE_DICOM_TLS', ['0', '1'] as const, '0', issue) === '1';
  const dicomTlsFiles = ['ORTHANC_DICOM_TLS_CERT', 'ORTHANC_DICOM_TLS_KEY', 'ORTHANC_DICOM_TLS_CA'].map(
    (name) => {
      const path = value(e, name);
      if (path !== undefined && !dicomTlsOn) issue(`${name} is set but SENTINELLE_DICOM_TLS is not 1`);
      return path === undefined ? undefined : resolve(path);
    },
  );
  if (dicomTlsOn && dicomTlsFiles.some((f) => f === undefined) && dicomTlsFiles.some((f) => f !== undefined))
    issue(
      'ORTHANC_DICOM_TLS_CERT, ORTHANC_DICOM_TLS_KEY and ORTHANC_DICOM_TLS_CA go together: set all three (PEM files), or none for the demo PKI',
    );
  const dicomTls = dicomTlsOn
    ? { certPath: dicomTlsFiles[0], keyPath: dicomTlsFiles[1], trustedPath: dicomTlsFiles[2] }
    : undefined;

  const databaseUrl = serviceUrl(
    e,
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    'a postgres:// URL',
    network,
    issue,
    {
      credentialsAllowed: true,
    },
  );
  const migrationUrl = serviceUrl(
    e,
    'DATABASE_MIGRATION_URL',
    ['postgres:', 'postgresql:'],
    'a postgres:// URL',
    network,
    issue,
    { credentialsAllowed: true },
  );
  if (migrationUrl !== undefined && databaseUrl === undefined)
    issue('DATABASE_MIGRATION_URL goes with DATABASE_URL: set DATABASE_URL too, or neither');
  const postgresPort = port(e, 'POSTGRES_PORT', DEFAULT_PORTS.postgres, issue);
  const redisUrl = serviceUrl(e, 'REDIS_URL', ['redis:', 'rediss:'], 'a redis:// URL', network, issue, {
    credentialsAllowed: true,
  });
  const redisPort = port(e, 'REDIS_PORT', DEFAULT_PORTS.redis, issue);

  const modelId = value(e, 'MODEL_ID');
  if (modelId !== undefined && !/^[a-z0-9-]+$/.test(modelId)) {
    issue(
      `MODEL_ID must be a model id from models/registry.json (lowercase letters, digits, '-'), got ${quote(modelId)}`,
    );
  }
  const concurrency = integer(
    e,
    'WORKER_CONCURRENCY',
    1,
    1,
    64,
    'the number of jobs a worker runs at once',
    issue,
  );
  const threads = integer(
    e,
    'WORKER_THREADS',
    Math.max(1, Math.floor(availableParallelism() / concurrency)),
    1,
    256,
    'the number of ONNX Runtime threads per job',
    issue,
  );

  const lockMs = integer(
    e,
    'WORKER_LOCK_MS',
    30_000,
    1_000,
    600_000,
    'the milliseconds after which the job of a worker that stopped answering is run again',
    issue,
  );

  const rules = triageRules(e, issue);
  const defaultPriority = oneOf(e, 'TRIAGE_DEFAULT_PRIORITY', PRIORITIES, 'screening', issue);
  const demoUsers = oneOf(e, 'SENTINELLE_DEMO_USERS', ['0', '1'] as const, '0', issue) === '1';
  const sites = sitesFromEnv(e, issue);
  const agingMs = integer(
    e,
    'TRIAGE_AGING_MS',
    15 * 60_000,
    1,
    7 * 24 * 3_600_000,
    'the milliseconds after which a waiting job moves up one priority level',
    issue,
  );

  // Ports of the instances this configuration would start, plus the bridge's, must differ.
  const claimed: [string, number][] = [['BRIDGE_PORT', bridgePort]];
  if (orthancUrl === undefined)
    claimed.push(['ORTHANC_HTTP_PORT', httpPort], ['ORTHANC_DICOM_PORT', dicomPort]);
  if (databaseUrl === undefined) claimed.push(['POSTGRES_PORT', postgresPort]);
  if (redisUrl === undefined) claimed.push(['REDIS_PORT', redisPort]);
  claimed.forEach(([name, p], i) => {
    const first = claimed.findIndex(([, q]) => q === p);
    if (first < i) issue(`${name} and ${claimed[first]![0]} are both ${p}; each service needs its own port`);
  });

  if (problems.length) throw new ConfigError(problems);

  return deepFreeze<SentinelleConfig>({
    network,
    dataDir,
    logLevel,
    bridge: { host: bridgeHost, port: bridgePort, tls: bridgeTls },
    orthanc: {
      url: orthancUrl ?? `http://127.0.0.1:${httpPort}`,
      external: orthancUrl !== undefined,
      username,
      password,
      httpPort,
      dicomPort,
      aet,
      stableAgeSeconds,
      dicomHost,
      modalities,
      dicomTls,
    },
    database: { url: databaseUrl, migrationUrl, privatePort: postgresPort },
    redis: { url: redisUrl, privatePort: redisPort },
    model: { id: modelId },
    worker: { concurrency, threads, lockMs },
    triage: { rules: rules.map((r) => ({ ...r })), defaultPriority, agingMs },
    demoUsers,
    sites: {
      ...sites,
      sites: sites.sites.map((site) => ({ ...site, institutions: [...site.institutions] })),
    },
  });
}

/**
 * The variables that give a child process this configuration's settings through loadConfig:
 * network, data folder, log level, bridge address, model, worker and triage settings, the demo
 * readers flag, and the private Orthanc's ports. Services' URLs and the Orthanc credentials are
 * not included: the stack adds those of the services it started or checked (see Stack.env).
 */
export function configEnv(config: SentinelleConfig): Record<string, string> {
  const { orthanc, worker, triage } = config;
  return {
    SENTINELLE_NETWORK: config.network,
    SENTINELLE_DATA_DIR: config.dataDir,
    LOG_LEVEL: config.logLevel,
    BRIDGE_HOST: config.bridge.host,
    BRIDGE_PORT: String(config.bridge.port),
    ...(config.bridge.tls && {
      BRIDGE_TLS_CERT: config.bridge.tls.certPath,
      BRIDGE_TLS_KEY: config.bridge.tls.keyPath,
    }),
    ORTHANC_HTTP_PORT: String(orthanc.httpPort),
    ORTHANC_DICOM_PORT: String(orthanc.dicomPort),
    ORTHANC_AET: orthanc.aet,
    ORTHANC_STABLE_AGE: String(orthanc.stableAgeSeconds),
    SENTINELLE_DICOM_HOST: orthanc.dicomHost,
    SENTINELLE_DICOM_MODALITIES: JSON.stringify(orthanc.modalities),
    SENTINELLE_DICOM_TLS: orthanc.dicomTls ? '1' : '0',
    ...(orthanc.dicomTls?.certPath && {
      ORTHANC_DICOM_TLS_CERT: orthanc.dicomTls.certPath,
      ORTHANC_DICOM_TLS_KEY: orthanc.dicomTls.keyPath!,
      ORTHANC_DICOM_TLS_CA: orthanc.dicomTls.trustedPath!,
    }),
    POSTGRES_PORT: String(config.database.privatePort),
    REDIS_PORT: String(config.redis.privatePort),
    ...(config.model.id === undefined ? {} : { MODEL_ID: config.model.id }),
    WORKER_CONCURRENCY: String(worker.concurrency),
    WORKER_THREADS: String(worker.threads),
    WORKER_LOCK_MS: String(worker.lockMs),
    TRIAGE_RULES: JSON.stringify(triage.rules),
    TRIAGE_DEFAULT_PRIORITY: triage.defaultPriority,
    TRIAGE_AGING_MS: String(triage.agingMs),
    SENTINELLE_DEMO_USERS: config.demoUsers ? '1' : '0',
    ...(config.sites.source !== 'default' && {
      SENTINELLE_SITES: JSON.stringify({ defaultSite: config.sites.defaultSite, sites: config.sites.sites }),
    }),
  };
}
