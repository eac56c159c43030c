/**
 * Test support for the bridge's integration tests: real PostgreSQL, Redis and Orthanc from
 * @sentinelle/config on free loopback ports, a fresh database and queue per test, a throw-away
 * model registry, and small DICOM studies made by Orthanc's /tools/create-dicom.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  appDatabaseSql,
  DEMO_PKI_FILES,
  ensureDemoPki,
  REPO_ROOT,
  startOrthanc,
  startPostgres,
  startRedis,
  type DicomModality,
  type OrthancHandle,
  type PostgresHandle,
  type RedisHandle,
} from '@sentinelle/config';
import pg, { type Pool } from 'pg';
import { pino } from 'pino';
import type { BridgeConfig } from '../app';
import { Keyring, keyringFile } from '../crypto';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';
import { createPool } from '../db/pool';
import { OrthancClient } from '../orthanc/client';
import { TEST_SITES, TEST_USERS } from './testUsers';

export {
  sessionHeaders,
  sessionOf,
  signIn,
  TEST_PASSWORD,
  TEST_SITES,
  TEST_USERS,
  type SignedIn,
} from './testUsers';
export { pairedLesionExam, PAIRED_CC_SOP, PAIRED_MLO_SOP } from './pairedLesionExam';
import type { TriageRule } from '../intake/execTriage';

export const MG_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';
export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'dicom');
export const TEST_MODEL = { id: 'test-model', version: '0.0.1-test' } as const;
/**
 * The test model's operating points: elevated from 0.5, likely normal below 0.15, the exam score's
 * cuts ending at the recall threshold, marks reported from 0.5.
 */
export const TEST_OPERATING_POINTS = {
  recall: 0.5,
  likelyNormal: 0.15,
  examScoreCuts: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5],
  lesion: 0.5,
} as const;
export const TEST_RULES: TriageRule[] = [
  { priority: 'stat', field: 'StudyDescription', pattern: '\\burgent\\b', flags: 'i' },
  { priority: 'diagnostic', field: 'StudyDescription', pattern: '\\bdiag', flags: 'i' },
];

/**
 * PostgreSQL and Redis for one test file, as npm start runs them: SCRAM passwords for a superuser,
 * an owner and a DML-only app role; a Redis ACL user with a password. stop() in afterAll.
 */
export interface SharedServices {
  readonly postgres: PostgresHandle;
  readonly redis: RedisHandle;
  stop(): Promise<void>;
}

export async function startSharedServices(): Promise<SharedServices> {
  const [postgres, redis] = await Promise.all([
    startPostgres({ ephemeral: true }),
    startRedis({ ephemeral: true }),
  ]);
  return { postgres, redis, stop: async () => void (await Promise.all([postgres.stop(), redis.stop()])) };
}

/** The calling AE title the tests' storescu sends as, from 127.0.0.1: the only one a test Orthanc takes stores from. */
export const TEST_DICOM_MODALITY: DicomModality = { aet: 'SENTINELLE_TEST', host: '127.0.0.1', port: 104 };

/**
 * A test Orthanc: ephemeral by default; with `kept`, its data stays in `kept.dir` (the caller removes it),
 * so that an Orthanc started again there, on the same `httpPort`, finds its studies and changes.
 */
export function startTestOrthanc(kept?: { dir: string; httpPort?: number }): Promise<OrthancHandle> {
  return startOrthanc({
    username: 'bridge',
    password: 'bridge-test-pw',
    stableAgeSeconds: 1,
    ...(kept ? { dir: kept.dir, httpPort: kept.httpPort } : { ephemeral: true }),
    modalities: [TEST_DICOM_MODALITY],
  });
}

export function orthancClient(orthanc: OrthancHandle): OrthancClient {
  return new OrthancClient({ url: orthanc.url, username: orthanc.username, password: orthanc.password });
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** `url` with its database replaced by `name`. */
function inDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A test's database: `url` is the app role's (what the bridge serves with), `ownerUrl` migrates. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly ownerUrl: string;
  /** Runs SQL as the cluster's superuser, for tests that play someone tampering with the database. */
  superuser(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A new empty database on the shared server, set up as the private stack's: owned by the owner
 * role, with DML for the app role on every table the migrations will make. drop() removes it.
 */
export async function freshDatabase(postgres: PostgresHandle): Promise<TestDatabase> {
  const name = uniqueName('bridge');
  await admin(postgres.superuserUrl, `CREATE DATABASE ${name} OWNER ${postgres.accounts.owner.user}`);
  const superuserUrl = inDatabase(postgres.superuserUrl, name);
  await admin(superuserUrl, appDatabaseSql(postgres.accounts));
  return {
    name,
    url: inDatabase(postgres.url, name),
    ownerUrl: inDatabase(postgres.ownerUrl, name),
    superuser: (sql) => admin(superuserUrl, sql),
    drop: () => admin(postgres.superuserUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A directory of the migrations an older bridge knew; remove() deletes it. */
export interface OlderMigrations {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * The migrations numbered before `version` (e.g. '012'), for tests that upgrade a database a bridge
 * of that time left.
 */
export async function migrationsBefore(version: string): Promise<OlderMigrations> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-migrations-'));
  for (const file of await readdir(MIGRATIONS_DIR))
    if (file < version) await copyFile(join(MIGRATIONS_DIR, file), join(dir, file));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A database as a bridge that knew only the migrations before `version` left it; stop() removes it all. */
export interface OlderDatabase {
  readonly db: TestDatabase;
  /** The owner role's single connection: the one that migrates (session settings stay on it). */
  readonly owner: Pool;
  /** The app role's pool, as the bridge serves with it. */
  readonly pool: Pool;
  stop(): Promise<void>;
}

/** For tests that upgrade a database: its own PostgreSQL, migrated up to (not including) `version`. */
export async function olderDatabase(version: string): Promise<OlderDatabase> {
  const postgres = await startPostgres({ ephemeral: true });
  const db = await freshDatabase(postgres);
  const older = await migrationsBefore(version);
  const owner = createPool(db.ownerUrl, { max: 1 });
  const pool = createPool(db.url, { max: 2 });
  const stop = async () => {
    await owner.end();
    await pool.end();
    await db.drop();
    await postgres.stop();
    await older.remove();
  };
  try {
    await migrate(owner, older.dir);
  } catch (error) {
    await stop();
    throw error;
  }
  return { db, owner, pool, stop };
}

/** A registry.json holding one valid entry for a small stand-in ONNX file (resolveModel checks its sha256). */
export async function writeTestRegistry(): Promise<{ registryPath: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-bridge-registry-'));
  const onnx = Buffer.from('not a real model: the bridge only checks that the registry names it');
  await writeFile(join(dir, 'model.onnx'), onnx);
  await writeFile(join(dir, 'CARD.md'), '# test model\n');
  const entry = {
    id: TEST_MODEL.id,
    version: TEST_MODEL.version,
    file: 'model.onnx',
    sha256: createHash('sha256').update(onnx).digest('hex'),
    opset: 17,
    input: {
      name: 'image',
      height: 64,
      width: 64,
      channels: 1,
      normalisation: { method: 'breast-zscore', clip: [-3, 3], background: 0 },
    },
    outputs: { malignancy: 'malignancy', abnormality: 'abnormality', lesionMaps: 'lesion_maps' },
    lesionMaps: { channels: ['mass', 'calcification', 'malignant'], stride: 8 },
    calibration: { method: 'platt', malignancy: { a: 1, b: 0 }, abnormality: { a: 1, b: 0 } },
    thresholds: { malignancy: 0.5, abnormality: 0.5, lesion: TEST_OPERATING_POINTS.lesion },
    operatingPoints: {
      recall: TEST_OPERATING_POINTS.recall,
      likelyNormal: TEST_OPERATING_POINTS.likelyNormal,
      examScoreCuts: TEST_OPERATING_POINTS.examScoreCuts,
      chosenOn: 'test values, chosen on nothing',
    },
    metrics: {},
    researchOnly: true,
    card: 'CARD.md',
    trainedAt: '2025-01-01T00:00:00Z',
  };
  const registryPath = join(dir, 'registry.json');
  await writeFile(registryPath, JSON.stringify({ default: TEST_MODEL.id, models: [entry] }, null, 2));
  return { registryPath, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The test keyring: one 0600 file of one key, shared by the test processes of this user and kept
 * between runs (a fixed path rather than one per process: jest's sandbox gives no reliable exit hook
 * to remove it, and a fixed one does not pile up). Test databases are dropped, so no value outlives it.
 */
export function testKeyringPath(): string {
  const path = keyringFile(join(tmpdir(), `sentinelle-test-keys-${process.getuid?.() ?? 'user'}`));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, Keyring.generate().serialize(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return path;
}

/** The institution of the tests' signing certificate. */
export const TEST_INSTITUTION = 'Hôpital de test Sentinelle';

/** Where the tests' demo PKI is: like the keyring, one directory per user, kept between runs. */
function testPkiDir(): string {
  return join(tmpdir(), `sentinelle-test-pki-${process.getuid?.() ?? 'user'}`);
}

/** The tests' report signing settings (the files exist once ensureTestPki resolved). */
export function testReportSigning(): NonNullable<BridgeConfig['reports']> {
  const dir = testPkiDir();
  return {
    signingP12Path: join(dir, DEMO_PKI_FILES.signingP12),
    passphrasePath: join(dir, DEMO_PKI_FILES.signingPassphrase),
    institutionName: TEST_INSTITUTION,
  };
}

let testPki: ReturnType<typeof ensureDemoPki> | undefined;
/** Makes (or renews) the tests' demo PKI, once per process: its CA and signing certificate. */
export function ensureTestPki(): ReturnType<typeof ensureDemoPki> {
  testPki ??= ensureDemoPki(testPkiDir(), { institutionName: TEST_INSTITUTION });
  return testPki;
}

export function testConfig(options: {
  orthanc: OrthancHandle;
  /** The bridge serves with its app role and migrates with its owner role, as on the private stack. */
  database: Pick<TestDatabase, 'url' | 'ownerUrl'>;
  redisUrl: string;
  queueName: string;
  registryPath: string;
  agingMs?: number;
  agingIntervalMs?: number;
  sweepIntervalMs?: number;
}): BridgeConfig {
  return {
    orthanc: {
      url: options.orthanc.url,
      username: options.orthanc.username,
      password: options.orthanc.password,
    },
    databaseUrl: options.database.url,
    migrationDatabaseUrl: options.database.ownerUrl,
    redisUrl: options.redisUrl,
    keyringPath: testKeyringPath(),
    reports: testReportSigning(),
    demoUsers: TEST_USERS,
    // Second factors are tested on their own (access.int.test.ts); the other tests sign in with a
    // password, many times a minute from one address.
    auth: {
      secondFactor: { mandatoryFor: [] },
      sites: TEST_SITES,
      throttle: { maxFailures: 5, lockoutMs: 60_000, perAddressPerMinute: 10_000 },
    },
    http: { host: '127.0.0.1', port: 0 },
    triage: { rules: TEST_RULES, defaultPriority: 'screening', agingMs: options.agingMs ?? 3_600_000 },
    model: { id: TEST_MODEL.id, registryPath: options.registryPath },
    queueName: options.queueName,
    eventsChannel: uniqueName('events'),
    follower: { pollIntervalMs: 100, maxBackoffMs: 1_000 },
    sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    agingIntervalMs: options.agingIntervalMs ?? 60_000,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  };
}

// 8×8 grey PNG, the pixels of every generated image.
const PNG_8X8 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAMElEQVR4nGNgEFAwcAhIKGDgkNCw8IjIqIAJNDBABToYoAITGKACMxigAgsYoAIrAIDmFQEgYdSGAAAAAElFTkSuQmCC';

let uidCounter = 0;
/** A fresh DICOM UID under the test root 2.25 (UUID-derived UIDs). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`).toString()}${++uidCounter}`;
}

export interface StudySpec {
  readonly studyInstanceUid?: string;
  readonly patientId?: string;
  /** PatientName (default Test^Patient) and PatientBirthDate (default 19600101). */
  readonly patientName?: string;
  readonly birthDate?: string;
  readonly description?: string;
  /** AccessionNumber (default ACC1). */
  readonly accessionNumber?: string;
  readonly modality?: 'MG' | 'CT';
  /** Views of the images, e.g. ['RCC', 'LCC', 'RMLO', 'LMLO'] (one image each). */
  readonly views?: readonly string[];
  /** Marks the objects as Sentinelle's own output (Manufacturer Sentinelle). */
  readonly sentinelle?: boolean;
  readonly seriesInstanceUid?: string;
  /** InstitutionName: which site the patient belongs to (TEST_SITES). */
  readonly institution?: string;
}

/** Stores a small study in Orthanc through /tools/create-dicom; returns its StudyInstanceUID. */
export async function storeStudy(orthanc: OrthancClient, spec: StudySpec = {}): Promise<string> {
  const studyInstanceUid = spec.studyInstanceUid ?? newUid();
  const modality = spec.modality ?? 'MG';
  const seriesInstanceUid = spec.seriesInstanceUid ?? newUid();
  const views = spec.views ?? (modality === 'MG' ? ['RCC', 'LCC', 'RMLO', 'LMLO'] : ['']);
  for (const [i, view] of views.entries()) {
    const laterality = view.slice(0, 1);
    const tags: Record<string, string> = {
      PatientID: spec.patientId ?? 'BRIDGE-TEST',
      PatientName: spec.patientName ?? 'Test^Patient',
      PatientBirthDate: spec.birthDate ?? '19600101',
      PatientSex: 'F',
      StudyInstanceUID: studyInstanceUid,
      SeriesInstanceUID: seriesInstanceUid,
      SOPInstanceUID: newUid(),
      StudyDescription: spec.description ?? 'Mammographie de dépistage',
      AccessionNumber: spec.accessionNumber ?? 'ACC1',
      StudyDate: '20250102',
      Modality: spec.sentinelle ? 'SR' : modality,
      SOPClassUID: modality === 'MG' ? MG_FOR_PRESENTATION : CT_IMAGE,
      InstanceNumber: String(i + 1),
      SeriesNumber: spec.sentinelle ? '900' : '1',
      ...(spec.institution ? { InstitutionName: spec.institution } : {}),
    };
    if (modality === 'MG' && view) {
      tags.ImageLaterality = laterality;
      tags.ViewPosition = view.slice(1);
    }
    if (spec.sentinelle) {
      tags.Manufacturer = 'Sentinelle';
      tags.SoftwareVersions = `${TEST_MODEL.id} ${TEST_MODEL.version}`;
    }
    const created = await orthanc.request('/tools/create-dicom', {
      method: 'POST',
      body: JSON.stringify({ Tags: tags, Content: PNG_8X8, Force: true }),
      contentType: 'application/json',
    });
    if (!created) throw new Error('Orthanc did not create the test instance');
  }
  return studyInstanceUid;
}

/** Stores a DICOM file of the shared fixtures; returns the Orthanc study id. */
export async function storeFixture(orthanc: OrthancClient, name: string): Promise<string> {
  const stored = await orthanc.storeInstance(await readFile(join(FIXTURES, name)));
  return stored.ParentStudy;
}

/** Polls `probe` until it returns something other than undefined (or fails after `timeoutMs`). */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
