/**
 * The bridge's reading API, as the viewer sees it: every answer is parsed with zod before use,
 * findings with the findings model of @sentinelle/reporting (one definition for worker, bridge and
 * viewer).
 */
import {
  BiradsCategorySchema,
  ExamFindingsSchema,
  ReaderFindingSchema,
  type BiradsCategory,
  type ReaderFinding,
} from '@sentinelle/reporting/findings';
import { z } from 'zod';
import { WorklistEntrySchema, type WorklistEntry, type WorklistSearch } from './worklistSchema';

export * from './worklistSchema';

/** A refusal from the bridge: its English message, its status and its stable code, when it has one. */
export class BridgeApiError extends Error {
  override readonly name = 'BridgeApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly params?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const ReaderSchema = z.object({ login: z.string(), displayName: z.string() });
export type Reader = z.infer<typeof ReaderSchema>;

/** The signed-in session, as GET /api/auth/session answers it. */
const SessionSchema = z.object({
  stage: z.string(),
  csrfToken: z.string().optional(),
  user: z
    .object({
      login: z.string(),
      displayName: z.string(),
      role: z.string(),
      permissions: z.array(z.string()),
      totpEnrolled: z.boolean().optional(),
    })
    .optional(),
});
export type SignedInSession = z.infer<typeof SessionSchema>;

const SrRefSchema = z.object({
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  sopClassUid: z.string(),
});

export const StudyFindingsSchema = z.object({
  model: z.object({ id: z.string(), version: z.string(), researchOnly: z.boolean() }),
  findings: ExamFindingsSchema,
  aiSr: SrRefSchema,
  seg: z
    .object({
      seriesInstanceUid: z.string(),
      instances: z.array(z.object({ sopInstanceUid: z.string(), rows: z.number(), columns: z.number() })),
    })
    .nullable(),
});
export type StudyFindings = z.infer<typeof StudyFindingsSchema>;

const WhenWho = { reader: ReaderSchema, createdAt: z.string() };

/** A PNG (data URL) of what the network took as input, stretched over the whole image. */
export const ModelViewSchema = z.object({
  sopInstanceUid: z.string(),
  url: z.string().startsWith('data:image/png;base64,'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  imageColumns: z.number().int().positive(),
  imageRows: z.number().int().positive(),
});
export type ModelView = z.infer<typeof ModelViewSchema>;

export const ValidationSchema = z.object({
  id: z.union([z.string(), z.number()]),
  overall: z.enum(['agree', 'disagree']),
  birads: BiradsCategorySchema.nullable(),
  lesions: z.array(z.object({ lesionKey: z.string(), agree: z.boolean() })),
  ...WhenWho,
});
export type Validation = z.infer<typeof ValidationSchema>;

export const RevisionSchema = z.object({
  revisionNumber: z.number().int(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  findings: z.array(ReaderFindingSchema).optional(),
  ...WhenWho,
});
export type Revision = z.infer<typeof RevisionSchema>;

export const ConsultationSchema = z.object({
  id: z.union([z.string(), z.number()]),
  studyInstanceUid: z.string(),
  requester: ReaderSchema,
  colleague: ReaderSchema,
  note: z.string(),
  answer: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ReadingSchema = z.object({
  validations: z.array(ValidationSchema),
  revisions: z.array(RevisionSchema),
  consultations: z.array(ConsultationSchema),
});
export type Reading = z.infer<typeof ReadingSchema>;

/**
 * A client of the bridge's /api at `root` (e.g. http://127.0.0.1:3000/api), on the viewer's signed-in
 * session: the browser sends the session cookie, and writes carry the session's CSRF token. A 401
 * (session expired or ended elsewhere) goes back to the sign-in page.
 */
export class BridgeApi {
  private csrfToken: Promise<string> | undefined;

  constructor(readonly root: string) {}

  /** The signed-in user and the session's CSRF token. */
  async session(): Promise<SignedInSession> {
    const response = await fetch(`${this.root}/auth/session`, { credentials: 'same-origin' });
    return SessionSchema.parse(await response.json());
  }

  async signOut(): Promise<void> {
    await this.request(z.unknown(), 'POST', '/auth/sign-out');
    window.location.assign('/login');
  }

  private csrf(): Promise<string> {
    this.csrfToken ??= this.session().then((s) => s.csrfToken ?? '');
    return this.csrfToken;
  }

  /**
   * One call of the API, its answer parsed with `schema`. `signInOn401: false` for a call whose 401
   * means wrong credentials given for the action itself (signing a report), not an ended session.
   */
  async request<T>(
    schema: z.ZodType<T>,
    method: string,
    path: string,
    body?: unknown,
    options: { signInOn401?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = await this.csrf();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.root}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && path !== '/auth/sign-out' && options.signInOn401 !== false) {
      const here = window.location.pathname + window.location.search;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (
        json as {
          error?: { message?: string; code?: string; params?: Record<string, string> } | string;
        } | null
      )?.error;
      const message =
        (typeof error === 'string' ? error : error?.message) ?? `${method} ${path}: HTTP ${response.status}`;
      throw typeof error === 'string'
        ? new BridgeApiError(message, response.status)
        : new BridgeApiError(message, response.status, error?.code, error?.params);
    }
    return schema.parse(json);
  }

  readers(): Promise<Reader[]> {
    return this.request(z.object({ readers: z.array(ReaderSchema) }), 'GET', '/readers').then(
      (r) => r.readers,
    );
  }

  /** The reading list, in the bridge's order (urgent, consultations for me, category, probability). */
  worklist(search: WorklistSearch = {}): Promise<WorklistEntry[]> {
    const query = new URLSearchParams({ limit: '1000' });
    for (const [key, value] of Object.entries(search)) if (value) query.set(key, value);
    return this.request(
      z.object({ studies: z.array(WorklistEntrySchema) }),
      'GET',
      `/worklist?${query.toString()}`,
    ).then((r) => r.studies);
  }

  /** Flags the patient urgent (or clears the flag): their studies go first. Needs patient:write. */
  flagUrgent(patient: { patientId: string; issuer: string }, urgent: boolean): Promise<void> {
    const issuer = patient.issuer ? `?issuer=${encodeURIComponent(patient.issuer)}` : '';
    return this.request(
      z.object({ urgent: z.boolean() }),
      'PUT',
      `/patients/${encodeURIComponent(patient.patientId)}/urgent${issuer}`,
      { urgent },
    ).then(() => undefined);
  }

  /** Null when the study has no finished analysis yet. */
  async findings(studyUid: string): Promise<StudyFindings | null> {
    try {
      return await this.request(
        StudyFindingsSchema,
        'GET',
        `/studies/${encodeURIComponent(studyUid)}/findings`,
      );
    } catch (error) {
      if (error instanceof BridgeApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** Each analysed image as the model saw it; null when the study has no finished analysis yet. */
  async modelViews(studyUid: string): Promise<ModelView[] | null> {
    try {
      const answer = await this.request(
        z.object({ images: z.array(ModelViewSchema) }),
        'GET',
        `/studies/${encodeURIComponent(studyUid)}/model-views`,
      );
      return answer.images;
    } catch (error) {
      if (error instanceof BridgeApiError && error.status === 404) return null;
      throw error;
    }
  }

  reading(studyUid: string): Promise<Reading> {
    return this.request(ReadingSchema, 'GET', `/studies/${encodeURIComponent(studyUid)}/reading`);
  }

  validate(
    studyUid: string,
    body: {
      overall: 'agree' | 'disagree';
      birads?: BiradsCategory;
      lesions: { lesionKey: string; agree: boolean }[];
    },
  ): Promise<Validation> {
    return this.request(
      z.object({ validation: ValidationSchema }),
      'POST',
      `/studies/${encodeURIComponent(studyUid)}/validation`,
      body,
    ).then((r) => r.validation);
  }

  saveRevision(
    studyUid: string,
    findings: ReaderFinding[],
  ): Promise<Pick<Revision, 'revisionNumber' | 'sopInstanceUid' | 'seriesInstanceUid'>> {
    return this.request(
      z.object({
        revision: RevisionSchema.pick({
          revisionNumber: true,
          sopInstanceUid: true,
          seriesInstanceUid: true,
        }),
      }),
      'POST',
      `/studies/${encodeURIComponent(studyUid)}/revisions`,
      { findings },
    ).then((r) => r.revision);
  }

  consult(studyUid: string, colleague: string, note: string): Promise<Consultation> {
    return this.request(
      z.object({ consultation: ConsultationSchema }),
      'POST',
      `/studies/${encodeURIComponent(studyUid)}/consultations`,
      { colleague, note },
    ).then((r) => r.consultation);
  }

  consultations(): Promise<{ incoming: Consultation[]; outgoing: Consultation[] }> {
    return this.request(
      z.object({ incoming: z.array(ConsultationSchema), outgoing: z.array(ConsultationSchema) }),
      'GET',
      '/consultations',
    );
  }

  answer(consultationId: string | number, answer: string): Promise<Consultation> {
    return this.request(
      z.object({ consultation: ConsultationSchema }),
      'POST',
      `/consultations/${encodeURIComponent(String(consultationId))}/answer`,
      { answer },
    ).then((r) => r.consultation);
  }
}
