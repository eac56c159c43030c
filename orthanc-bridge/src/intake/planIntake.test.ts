import type { Analysis } from '../studies/analysisStore';
import { planIntake, skipReason } from './planIntake';
import type { StudySnapshot } from './readStudy';

function snapshot(overrides: Partial<StudySnapshot> = {}): StudySnapshot {
  return {
    orthancId: 'o1',
    studyInstanceUid: '1.2.3',
    accessionNumber: null,
    studyDate: null,
    description: null,
    patient: { patientId: 'P', issuer: '', name: null, birthDate: null, sex: null },
    modalities: ['MG'],
    images: [{ orthancId: 'i1', sopInstanceUid: '1.2.3.1', view: 'RCC' }],
    views: ['RCC'],
    imagesDigest: 'digest-1',
    tomosynthesisCount: 0,
    ownObjectCount: 0,
    triageTags: {},
    ...overrides,
  };
}

function analysis(overrides: Partial<Analysis> = {}): Analysis {
  const now = new Date();
  return {
    id: '1',
    key: '1.2.3:1.0',
    studyInstanceUid: '1.2.3',
    modelId: 'm',
    modelVersion: '1.0',
    status: 'queued',
    priority: 'screening',
    requestedPriority: 'screening',
    requestedAt: now,
    reason: null,
    instances: ['i1'],
    instancesDigest: 'digest-1',
    revision: 1,
    enqueuedAt: now,
    startedAt: null,
    finishedAt: null,
    attempts: 0,
    timings: null,
    malignancyScore: null,
    result: null,
    findings: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const feed = { source: 'feed', priority: 'screening' } as const;
const api = { source: 'api', priority: 'stat' } as const;

describe('planIntake', () => {
  it('planIntake skips a study without mammography image and names its modalities', () => {
    const ct = snapshot({ images: [], modalities: ['CT', 'SR'], imagesDigest: 'empty' });
    expect(planIntake(ct, undefined, feed)).toEqual({
      action: 'skip',
      reason: 'no mammography image (modalities: CT, SR)',
    });
    expect(skipReason(snapshot({ images: [], modalities: ['MG'], tomosynthesisCount: 40 }))).toBe(
      'no 2D mammography image: breast tomosynthesis is not analysed (modalities: MG)',
    );
    expect(skipReason(snapshot({ images: [], modalities: [] }))).toBe(
      'no mammography image (modalities: none)',
    );
  });

  it('planIntake queues a new study and a study that was skipped before', () => {
    expect(planIntake(snapshot(), undefined, feed)).toEqual({
      action: 'queue',
      priority: 'screening',
      why: 'new',
    });
    expect(
      planIntake(snapshot(), analysis({ status: 'skipped', instancesDigest: null }), feed),
    ).toMatchObject({
      action: 'queue',
      why: 'was-skipped',
    });
  });

  it('planIntake never analyses the same image set twice from the feed, whatever the status', () => {
    for (const status of ['queued', 'running', 'done', 'failed'] as const) {
      expect(planIntake(snapshot(), analysis({ status }), feed).action).toBe('keep');
    }
  });

  it('planIntake queues a new revision when the image set changed, whatever the status', () => {
    for (const status of ['queued', 'running', 'done', 'failed'] as const) {
      expect(planIntake(snapshot({ imagesDigest: 'digest-2' }), analysis({ status }), feed)).toMatchObject({
        action: 'queue',
        why: 'images-changed',
      });
    }
  });

  it('planIntake lets a user re-prioritise a queued analysis and retry a failed one, not redo a done one', () => {
    expect(planIntake(snapshot(), analysis({ status: 'queued' }), api)).toEqual({
      action: 'reprioritise',
      priority: 'stat',
    });
    expect(planIntake(snapshot(), analysis({ status: 'failed' }), api)).toMatchObject({
      action: 'queue',
      why: 'retry',
    });
    expect(planIntake(snapshot(), analysis({ status: 'done' }), api)).toMatchObject({
      action: 'keep',
      conflict: true,
    });
    expect(planIntake(snapshot(), analysis({ status: 'running' }), api)).toMatchObject({
      action: 'keep',
      conflict: true,
    });
  });

  it('planIntake keeps an analysis whose study lost its mammography images', () => {
    const plan = planIntake(snapshot({ images: [], modalities: ['CT'] }), analysis({ status: 'done' }), feed);
    expect(plan).toMatchObject({ action: 'keep', conflict: true });
  });
});
