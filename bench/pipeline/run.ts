/**
 * bench/pipeline: sends N four-view MG studies (the real FFDM exam in ../shared/fixtures, new UIDs
 * each) to a private stack with `storescu`, one after the other, and prints ingest-to-result
 * latency p50/p95 (from the end of the send to the analysis being done), the part of it that is
 * Orthanc's StableAge, images per minute per worker, and each worker stage's share.
 *
 *   npm run bench:pipeline [-- --studies 8]
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { freePorts, loadConfig, loadOrCreateDemoPasswords, startStack } from '@sentinelle/config';
import { demoSession } from '../demoSession';
import { wrapPngMammogram } from '@sentinelle/inference-worker';
import type { WrappableView } from '@sentinelle/inference-worker';

const STABLE_AGE_SECONDS = 1;
const VIEWS: readonly { file: string; laterality: 'L' | 'R'; view: WrappableView }[] = [
  { file: '0_R-CC.png', laterality: 'R', view: 'CC' },
  { file: '0_L-CC.png', laterality: 'L', view: 'CC' },
  { file: '0_R-MLO.png', laterality: 'R', view: 'MLO' },
  { file: '0_L-MLO.png', laterality: 'L', view: 'MLO' },
];
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values } = parseArgs({ options: { studies: { type: 'string', default: '8' } } });

interface AnalysisView {
  status: string;
  reason: string | null;
  enqueuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  timings: Record<string, number> | null;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const count = Number(values.studies);
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-bench-pipeline-'));
  await chmod(dir, 0o755); // PostgreSQL runs as its own user and must reach its data folder
  const [bridge, http, dicom, pg, redis] = await freePorts(5);
  const config = loadConfig({
    ...process.env,
    SENTINELLE_DATA_DIR: join(dir, 'data'),
    SENTINELLE_DEMO: '0',
    SENTINELLE_SKIP_APT: '1',
    BRIDGE_PORT: String(bridge),
    ORTHANC_HTTP_PORT: String(http),
    ORTHANC_DICOM_PORT: String(dicom),
    POSTGRES_PORT: String(pg),
    REDIS_PORT: String(redis),
    ORTHANC_STABLE_AGE: String(STABLE_AGE_SECONDS),
    WORKER_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
    SENTINELLE_DEMO_USERS: '1',
  });
  await loadOrCreateDemoPasswords(config.dataDir);
  const stack = await startStack(config, { log: () => undefined });
  const { cookie } = await demoSession(stack.bridgeUrl, config.dataDir);
  try {
    const pngs = await Promise.all(
      VIEWS.map((v) => readFile(resolve(root, '../shared/fixtures/ffdm-png', v.file))),
    );
    const latencies: number[] = [];
    const afterStable: number[] = [];
    const stageTotals: Record<string, number> = {};
    let workerMs = 0;
    for (let s = 0; s < count; s++) {
      const studyUid = `2.25.${BigInt(Date.now()) * 1000n + BigInt(s)}`;
      const files: string[] = [];
      for (const [i, v] of VIEWS.entries()) {
        const file = join(dir, `s${s}-${i}.dcm`);
        const study = {
          studyInstanceUid: studyUid,
          seriesInstanceUid: `${studyUid}.1`,
          patientId: `BENCH-${s}`,
          patientName: `BENCH^${s}`,
          studyDate: '20261124',
          studyTime: '120000',
        };
        await writeFile(
          file,
          wrapPngMammogram(pngs[i]!, v.file, {
            study,
            laterality: v.laterality,
            view: v.view,
            pixelSpacingMm: 0.1,
            instanceNumber: i + 1,
          }),
        );
        files.push(file);
      }
      await promisify(execFile)('storescu', [
        '-aec',
        stack.orthanc.aet ?? 'SENTINELLE',
        '127.0.0.1',
        String(stack.orthanc.dicomPort),
        ...files,
      ]);
      const sentAt = Date.now();
      let analysis: AnalysisView | undefined;
      for (;;) {
        const res = await fetch(`${stack.bridgeUrl}/api/studies/${studyUid}/analysis`, {
          headers: { cookie },
        });
        if (res.ok) ({ analysis } = (await res.json()) as { analysis: AnalysisView });
        if (
          analysis &&
          (analysis.status === 'done' || analysis.status === 'failed' || analysis.status === 'skipped')
        )
          break;
        if (Date.now() - sentAt > 120_000)
          throw new Error(`study ${s}: no result after 120 s (${analysis?.status})`);
        await sleep(50);
      }
      if (analysis.status !== 'done')
        throw new Error(`study ${s}: analysis ${analysis.status}: ${analysis.reason}`);
      const finished = Date.parse(analysis.finishedAt!);
      latencies.push(finished - sentAt);
      afterStable.push(finished - sentAt - STABLE_AGE_SECONDS * 1000);
      workerMs += finished - Date.parse(analysis.startedAt!);
      for (const [stage, ms] of Object.entries(analysis.timings ?? {}))
        if (stage !== 'total') stageTotals[stage] = (stageTotals[stage] ?? 0) + ms;
    }
    const stageSum = Object.values(stageTotals).reduce((a, b) => a + b, 0);
    console.log(`${count} four-view studies, one worker, Orthanc StableAge ${STABLE_AGE_SECONDS} s`);
    console.log(
      `ingest-to-result (end of storescu to analysis done): p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms`,
    );
    console.log(
      `  of which StableAge: ${STABLE_AGE_SECONDS * 1000} ms; after StableAge: p50 ${percentile(afterStable, 0.5)} ms, p95 ${percentile(afterStable, 0.95)} ms`,
    );
    console.log(
      `worker throughput: ${((count * VIEWS.length) / (workerMs / 60_000)).toFixed(0)} images per minute per worker (job start to done)`,
    );
    console.log(
      `stage shares: ${Object.entries(stageTotals)
        .map(([k, v]) => `${k} ${((100 * v) / stageSum).toFixed(0)}%`)
        .join(', ')}`,
    );
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
