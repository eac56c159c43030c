import {
  type Analysis,
  findAnalysisByKey,
  insertQueuedAnalysis,
  requeueAnalysis,
  setAnalysisPriority,
  upsertSkippedAnalysis,
} from '../studies/analysisStore';
import { advanceCursor, lockCursor } from './cursorStore';
import { siteOfInstitution } from '../auth/authServices';
import { assignPatientSite } from '../auth/patientScope';
import { recordIdentityConflict } from '../patients/identityConflictStore';
import { findPatient, upsertPatient } from '../patients/patientStore';
import { withTransaction } from '../db/pool';
import { SealedDataError } from '../crypto';
import type { PoolClient } from 'pg';
import { upsertStudy } from '../studies/studyStore';
import type { BridgeContext } from '../context';
import { publishAnalysisEvent } from './publishAnalysisEvent';
import { changeJobPriority, ensureEnqueued } from './analysisQueue';
import { analysisKey, type AnalysisPriority } from './queueContract';
import { execTriage, mostUrgent } from './execTriage';
import { identityDisagreement } from './patientIdentity';
import { planIntake, type IntakePlan } from './planIntake';
import { readStudy, type StudySnapshot } from './readStudy';
import { modelInUse } from '../modelGovernance/modelInUse';

export type IntakeRequest =
  /** A StableStudy change of the feed; the cursor moves to `seq` in the same transaction. */
  | { readonly source: 'feed'; readonly seq: number }
  /** A user asked for an analysis at this priority. */
  | { readonly source: 'api'; readonly priority: AnalysisPriority };

export type IntakeResult =
  /** Orthanc no longer holds the study. */
  | { readonly outcome: 'gone' }
  /** Another follower recorded this change already. */
  | { readonly outcome: 'already-recorded' }
  | {
      readonly outcome: 'recorded';
      readonly plan: IntakePlan;
      readonly snapshot: StudySnapshot;
      readonly analysis: Analysis | undefined;
    };

/** Serialises work on one study across processes, for the rest of the transaction. */
const STUDY_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('sentinelle-study:' || $1))";

/**
 * Takes a study in: reads it from Orthanc, then in ONE transaction records the patient, the
 * study, the analysis (queued or skipped, see planIntake) and, for a feed change, the cursor.
 * After the commit it enqueues the job and publishes the event; if that fails (Redis away), the
 * analysis stays `queued` in the database and the periodic sweep enqueues it.
 */
export async function intakeStudy(
  ctx: BridgeContext,
  orthancStudyId: string,
  request: IntakeRequest,
): Promise<IntakeResult> {
  const { logger } = ctx;
  const snapshot = await readStudy(ctx.orthanc, orthancStudyId);
  if (!snapshot) {
    if (request.source === 'feed') await advanceCursor(ctx.pool, request.seq);
    return { outcome: 'gone' };
  }

  const recorded = await withTransaction(ctx.pool, async (db) => {
    if (request.source === 'feed' && (await lockCursor(db)) >= request.seq) return undefined;
    await db.query(STUDY_LOCK_SQL, [snapshot.studyInstanceUid]);
    // The model in use now (a promotion may have changed it since the bridge started).
    const model = await modelInUse(ctx, db);
    const key = analysisKey(snapshot.studyInstanceUid, model.version);

    const hasImages = snapshot.images.length > 0;
    // The identity recorded first stays: images that disagree with it are a conflict to decide.
    const recorded = hasImages ? await recordedIdentity(ctx, db, snapshot) : undefined;
    const patient = hasImages ? await upsertPatient(db, ctx.cipher, snapshot.patient) : undefined;
    if (patient)
      await assignPatientSite(
        db,
        ctx.cipher,
        snapshot.patient,
        siteOfInstitution(ctx.auth.sites, snapshot.triageTags.InstitutionName),
      );
    await upsertStudy(db, ctx.cipher, { ...snapshot, patientRef: patient?.id ?? null });
    const disagreement = recorded ? identityDisagreement(recorded, snapshot.patient) : [];
    if (patient && disagreement.length > 0) {
      const recordedNow = await recordIdentityConflict(db, ctx.cipher, {
        patientRef: patient.id,
        studyInstanceUid: snapshot.studyInstanceUid,
        incoming: snapshot.patient,
      });
      if (recordedNow)
        logger.warn(
          { study: snapshot.studyInstanceUid, fields: disagreement },
          "the images disagree with the patient's recorded identity: kept it, conflict recorded for a physician",
        );
    }

    let priority: AnalysisPriority;
    if (request.source === 'api') {
      priority = request.priority;
    } else {
      const triage = execTriage(snapshot.triageTags, ctx.triage.rules, ctx.triage.defaultPriority);
      priority = patient?.urgent ? mostUrgent(triage.priority, 'stat') : triage.priority;
      if (triage.matched)
        logger.debug(
          { study: snapshot.studyInstanceUid, field: triage.matched.rule.field, priority },
          'triage rule matched',
        );
    }

    const existing = await findAnalysisByKey(db, key, { forUpdate: true });
    const plan = planIntake(snapshot, existing, { source: request.source, priority });
    let analysis: Analysis | undefined = existing;
    switch (plan.action) {
      case 'skip':
        analysis = await upsertSkippedAnalysis(db, {
          key,
          studyInstanceUid: snapshot.studyInstanceUid,
          modelId: model.id,
          modelVersion: model.version,
          priority,
          reason: plan.reason,
        });
        break;
      case 'queue': {
        const images = {
          priority: plan.priority,
          instances: snapshot.images.map((i) => i.orthancId),
          instancesDigest: snapshot.imagesDigest,
        };
        analysis = existing
          ? await requeueAnalysis(db, existing.id, images)
          : await insertQueuedAnalysis(db, {
              key,
              studyInstanceUid: snapshot.studyInstanceUid,
              modelId: model.id,
              modelVersion: model.version,
              ...images,
            });
        break;
      }
      case 'reprioritise':
        analysis =
          (await setAnalysisPriority(db, existing!.id, plan.priority, { requested: true })) ?? existing;
        break;
      case 'keep':
        break;
    }
    if (request.source === 'feed') await advanceCursor(db, request.seq);
    return { plan, analysis };
  });
  if (!recorded) return { outcome: 'already-recorded' };

  const { plan, analysis } = recorded;
  logger.info(
    {
      study: snapshot.studyInstanceUid,
      orthancStudyId,
      source: request.source,
      action: plan.action,
      ...(plan.action === 'keep' ? { why: plan.why } : {}),
      ...(plan.action === 'skip' ? { reason: plan.reason } : {}),
      ...(plan.action === 'queue' ? { why: plan.why, priority: plan.priority } : {}),
      images: snapshot.images.length,
      views: snapshot.views,
    },
    'study taken in',
  );
  if (analysis && plan.action !== 'keep') await afterCommit(ctx, plan, analysis, orthancStudyId);
  return { outcome: 'recorded', plan, snapshot, analysis };
}

/**
 * The patient's identity as recorded (locked for the transaction), to compare the images with.
 * One that does not open (plaintext left from before encryption, a key missing from the keyring)
 * is not compared: logged, it must not stop the change feed; upsertPatient keeps it all the same.
 */
async function recordedIdentity(ctx: BridgeContext, db: PoolClient, snapshot: StudySnapshot) {
  const { patientId, issuer } = snapshot.patient;
  try {
    return await findPatient(db, ctx.cipher, patientId, issuer, { forUpdate: true });
  } catch (error) {
    if (!(error instanceof SealedDataError)) throw error;
    ctx.logger.warn(
      { study: snapshot.studyInstanceUid, err: error },
      "the patient's recorded identity does not open: not compared with the images (run npm run keys:rotate)",
    );
    return undefined;
  }
}

async function afterCommit(ctx: BridgeContext, plan: IntakePlan, analysis: Analysis, orthancStudyId: string) {
  try {
    if (plan.action === 'queue') {
      const enqueued = await ensureEnqueued(ctx.queue, analysis, orthancStudyId);
      ctx.logger.debug({ key: analysis.key, ...enqueued }, 'analysis job enqueued');
    } else if (plan.action === 'reprioritise') {
      await changeJobPriority(ctx.queue, analysis, plan.priority);
    }
  } catch (error) {
    ctx.logger.warn(
      { key: analysis.key, err: error },
      'could not enqueue the analysis job now; the periodic sweep will enqueue it',
    );
  }
  await publishAnalysisEvent(ctx.redis, analysis, ctx.eventsChannel).catch((error: unknown) =>
    ctx.logger.warn({ key: analysis.key, err: error }, 'could not publish the analysis event'),
  );
}
