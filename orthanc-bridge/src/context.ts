import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthServices } from './auth/authServices';
import type { FieldCipher } from './crypto';
import type { OrthancClient } from './orthanc/client';
import type { AnalysisQueue } from './intake/analysisQueue';
import type { AnalysisPriority } from './intake/queueContract';
import type { TriageRule } from './intake/execTriage';
import type { GovernanceSettings, ShadowQueue } from './modelGovernance';

/** A model of the registry: its id and the version that names its analyses. */
export interface ModelRef {
  readonly id: string;
  readonly version: string;
}

export interface TriageSettings {
  readonly rules: readonly TriageRule[];
  readonly defaultPriority: AnalysisPriority;
  /** A job waiting longer than this moves up one level. */
  readonly agingMs: number;
}

/**
 * How the bridge signs reports: the institution's PKCS#12 (key, certificate and its issuers) and
 * the file holding its passphrase, read at each signature (a renewed certificate is picked up).
 */
export interface ReportSigningSettings {
  readonly signingP12Path: string;
  readonly passphrasePath: string;
  /** The institution that signs: the PDF's signature location and the SR's organization. */
  readonly institutionName: string;
  /** IANA time zone the reports state times in (PDF, SR, FHIR narrative); Europe/Paris when unset. */
  readonly timeZone?: string;
}

/** What the follower, the periodic tasks and the API share. Built once by initAppServices. */
export interface BridgeContext {
  readonly pool: Pool;
  readonly orthanc: OrthancClient;
  readonly queue: AnalysisQueue;
  /** Publishes events and answers health checks (the queue has its own connection). */
  readonly redis: Redis;
  readonly eventsChannel: string;
  /**
   * The model the bridge was started with (the registry default): the model in use until a
   * physician-admin promotes another. Read the model in use with modelGovernance's modelInUse().
   */
  readonly model: ModelRef;
  /** Shadow analyses of a candidate model (modelGovernance), apart from the clinical queue. */
  readonly shadowQueue: ShadowQueue;
  /** Promotion rules (the fewest read cases a promotion rests on). */
  readonly governance: GovernanceSettings;
  /** Registry to check in /api/health (undefined: the default registry). */
  readonly registryPath: string | undefined;
  readonly triage: TriageSettings;
  /** Sessions, sign-in throttling, the second-factor policy and the sites of patient scope. */
  readonly auth: AuthServices;
  /** Seals and opens protected health information and secrets stored in the database. */
  readonly cipher: FieldCipher;
  /** Report signing; undefined: reports can be drafted but not signed (503). */
  readonly reports?: ReportSigningSettings | undefined;
  readonly logger: Logger;
}
