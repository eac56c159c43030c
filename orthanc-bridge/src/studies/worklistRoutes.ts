import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { searchAudit } from '../audit/searchAudit';
import type { BridgeContext } from '../context';
import { modelInUse } from '../modelGovernance/modelInUse';
import { CATEGORY_FILTERS, listWorklist, READ_STATUSES, type WorklistEntry } from './worklistStore';
import { registryOperatingPoints } from '../reading/registryOperatingPoints';
import { asyncWrap } from '../http/asyncWrap';
import { input, validator } from '../http/validate';
import { searchWords } from '@sentinelle/reporting/text';

/** A search value: what a DICOM LO holds (1–64 characters, no backslash or control character). */
const noControl = (value: string) =>
  ![...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c === '\x7f');

/** A search value: what a DICOM LO holds (1–64 characters, no backslash or control character). */
const searchValue = z
  .string()
  .refine(noControl, { error: 'must not hold a backslash or control characters' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' });

/** Name words: at least one letter or digit. */
const nameSearch = searchValue.refine((value) => value === '' || searchWords(value).length > 0, {
  error: 'must hold a letter or a digit',
});

/** A comma-separated list of `values`, e.g. ?category=elevated,intermediate. */
function listOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200, { error: 'is too long' })
    .transform((value) => value.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values, { error: `must be a comma-separated list of ${values.join(', ')}` })));
}

const worklistSchemas = {
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).default(0),
    /** Any of: name words, exact PatientID, exact accession number. */
    q: nameSearch.optional(),
    patientId: searchValue.optional(),
    issuer: z.string().max(64, { error: 'must be at most 64 characters' }).optional(),
    name: nameSearch.optional(),
    accession: searchValue.optional(),
    category: listOf(CATEGORY_FILTERS).optional(),
    minScore: z.coerce
      .number({ error: 'must be an exam score from 1 to 10' })
      .int({ error: 'must be an exam score from 1 to 10' })
      .min(1, { error: 'must be an exam score from 1 to 10' })
      .max(10, { error: 'must be an exam score from 1 to 10' })
      .optional(),
    readStatus: listOf(READ_STATUSES).optional(),
    urgent: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
  }),
};

/** The worklist entry as the API shows it. */
function worklistJson(e: WorklistEntry) {
  return {
    studyInstanceUid: e.studyInstanceUid,
    patient: e.patient,
    accessionNumber: e.accessionNumber,
    description: e.description,
    studyDate: e.studyDate,
    modalities: e.modalities,
    views: e.views,
    status: e.status,
    malignancyScore: e.malignancyScore,
    category: e.category,
    examScore: e.examScore,
    priority: e.priority,
    urgent: e.urgent,
    readStatus: e.readStatus,
    consultations: e.consultations,
    openConsultationsForMe: e.consultations.openForMe,
  };
}

export function worklistRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * The mammography studies to read, within the user's patient scope: urgent patients and stat
   * studies first, then those a colleague asked the user about, then by screening category
   * (elevated first), then by exam probability, then the newest. Each study shows its patient
   * (name, PatientID, age), accession number, description, the AI's category, exam score 1–10 and
   * probability (findings stored in the older format read with the registry's operating points of
   * their model), its priority, its read status and the user's consultations. Searches: `q` (name
   * words, PatientID or accession number), `patientId`, `name`, `accession`; filters: `category`,
   * `minScore`, `readStatus`, `urgent`. The query is kept in the audit trail (sealed).
   */
  routes.get(
    '/worklist',
    { access: 'study:read', audit: searchAudit('study') },
    validator(worklistSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, worklistSchemas);
      const user = currentUser(res);
      const page = await listWorklist(ctx.pool, ctx.cipher, user.scope, {
        modelVersion: (await modelInUse(ctx)).version,
        legacyPoints: await registryOperatingPoints(ctx.registryPath),
        readerId: user.account.id,
        limit: query.limit,
        offset: query.offset,
        text: query.q,
        patientId: query.patientId,
        issuer: query.issuer,
        name: query.name,
        accession: query.accession,
        categories: query.category,
        minExamScore: query.minScore,
        readStatuses: query.readStatus,
        urgent: query.urgent,
      });
      res.json({
        studies: page.entries.map(worklistJson),
        total: page.total,
        truncated: page.truncated,
        limit: query.limit,
        offset: query.offset,
      });
    }),
  );
}
