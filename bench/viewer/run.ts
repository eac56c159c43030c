/**
 * `npm run bench:viewer [-- --url http://127.0.0.1:3000 --runs 5]`: in Debian's Chromium, the time
 * from opening each analysed study of a running Sentinelle (npm start) in the Mammography AI mode
 * to every image of the study rendered in its viewport with the AI marks placed. Each run is a
 * fresh browser context (no HTTP cache), so every run fetches metadata and pixels again.
 * Prints per-study p50/p95 and the ratio to the 2 s aim.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '@sentinelle/ohif-extensions/testing';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    runs: { type: 'string', default: '5' },
  },
});
const base = values.url.replace(/\/$/, '');
const runs = Number(values.runs);
const AIM_MS = 2000;

interface WorklistEntry {
  studyInstanceUid: string;
  status: string | null;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const worklist = (await (await fetch(`${base}/api/worklist`)).json()) as { studies: WorklistEntry[] };
  const studies = worklist.studies.filter((s) => s.status === 'done');
  if (studies.length === 0)
    throw new Error(`no analysed study at ${base}: start the stack with npm start first`);
  const browser = await launchChromium();
  const all: number[] = [];
  try {
    for (const study of studies) {
      const findings = (await (
        await fetch(`${base}/api/studies/${study.studyInstanceUid}/findings`)
      ).json()) as {
        findings: { images: { lesions: unknown[] }[] };
      };
      const images = findings.findings.images.length;
      const marks = findings.findings.images.reduce((n, image) => n + image.lesions.length, 0);
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
        const page = await context.newPage();
        await page.goto(`${base}/mammo?StudyInstanceUIDs=${study.studyInstanceUid}`);
        // Polled in the page: viewports with a loaded image, and the AI marks in the annotation state.
        const ms = await page.waitForFunction(
          ({ images, marks }) => {
            const w = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
            const engine = w.cornerstone?.getRenderingEngines?.()[0];
            if (!engine) return false;
            const rendered = engine
              .getViewports()
              .filter((v: any) => v.getCurrentImageId?.() && v.getImageData?.()).length; // eslint-disable-line @typescript-eslint/no-explicit-any
            const placed = w.cornerstoneTools.annotation.state
              .getAllAnnotations()
              .filter((a: any) => a.metadata.toolName === 'SentinelleAiFinding').length; // eslint-disable-line @typescript-eslint/no-explicit-any
            return rendered >= images && placed >= marks ? performance.now() : false;
          },
          { images, marks },
          { polling: 10, timeout: 60_000 },
        );
        times.push((await ms.jsonValue()) as number);
        await context.close();
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      console.log(
        `${study.studyInstanceUid}: ${images} images, ${marks} AI marks: p50 ${percentile(times, 0.5).toFixed(0)} ms, ` +
          `p95 ${percentile(times, 0.95).toFixed(0)} ms (${runs} runs)`,
      );
    }
  } finally {
    await browser.close();
  }
  all.sort((a, b) => a - b);
  const p50 = percentile(all, 0.5);
  console.log(
    `all studies: p50 ${p50.toFixed(0)} ms, p95 ${percentile(all, 0.95).toFixed(0)} ms; ` +
      `p50 / 2 s aim = ${(p50 / AIM_MS).toFixed(2)} (below 1 meets the aim)`,
  );
}

main().catch((error: Error) => {
  console.error(`bench:viewer: ${error.message}`);
  process.exit(1);
});
