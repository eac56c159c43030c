/**
 * The model is network-wide, a comparison counts every site's cases, but a physician-admin sees
 * per-case rows (study links) of her own patient scope only: another site's disagreements are a
 * count. Through the real bridge, on a comparison kept as the comparison route keeps it.
 */
import { storeStudy, waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { comparisonReport } from './comparisonReport';
import { saveComparison } from './comparisonStore';

const t = useReadingApp();

test('GET /api/models/comparisons/:id shows a physician-admin the disagreeing studies of her site and only counts the others', async () => {
  const main = await storeStudy(t.client, { views: ['LCC'], patientId: 'PAT-MAIN' });
  const siteB = await storeStudy(t.client, { views: ['LCC'], patientId: 'PAT-B', institution: 'Hopital B' });
  await t.analysisOf(main, 'queued');
  await waitUntil('the site-b study taken in', async () =>
    (await t.api(`/api/studies/${siteB}/analysis`, { as: 'dr.roux' })).status === 200 ? true : undefined,
  );
  const recall = { category: '4A', recall: true, source: 'validation' } as const;
  const report = comparisonReport(
    [
      // Each flagged by one model only: both disagree.
      { studyInstanceUid: main, current: 0.9, candidate: 0.1, reading: recall },
      { studyInstanceUid: siteB, current: 0.1, candidate: 0.9, reading: recall },
    ],
    {
      current: { id: 'mammo-mias-cnn', version: '1.0.0', threshold: 0.5 },
      candidate: { id: 'mammo-ffdm-mil-cnn', version: '2.0.0', threshold: 0.5 },
    },
    { positives: 30, negatives: 30 },
  );
  const { rows } = await t.app.ctx.pool.query<{ id: string }>(
    "SELECT id::text FROM user_account WHERE login = 'dr.lefevre'",
  );
  const id = await saveComparison(t.app.ctx.pool, report, rows[0]!.id);

  const answer = await t.api(`/api/models/comparisons/${id}`, { as: 'dr.lefevre' });
  expect(answer.status).toBe(200);
  expect(answer.body.comparison).toMatchObject({
    cases: 2,
    positives: 2,
    enough: false,
    disagreementsElsewhere: 1,
  });
  expect(answer.body.comparison.disagreements).toEqual([
    {
      studyInstanceUid: main,
      flaggedBy: 'current',
      recall: true,
      current: 0.9,
      candidate: 0.1,
      viewerUrl: `/mammo?StudyInstanceUIDs=${encodeURIComponent(main)}`,
    },
  ]);
  expect(JSON.stringify(answer.body)).not.toContain(siteB);
  // Readers and the other site's radiologist do not reach it at all.
  for (const login of ['dr.martin', 'dr.roux'])
    expect((await t.api(`/api/models/comparisons/${id}`, { as: login })).status).toBe(403);
});
