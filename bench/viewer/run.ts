/**
 * `npm run bench:viewer [-- --url http://127.0.0.1:3000 --runs 5]`: in Debian's Chromium, the time
 * from opening each analysed study of a running Sentinelle (npm start) in the Mammography AI mode
 * to every image of the study rendered in its viewport with the AI marks placed, two ways:
 * - cold: the study's URL typed into a fresh browser context (no HTTP cache): OHIF boots, then
 *   fetches metadata and pixels;
 * - from the worklist: the viewer already open on the worklist (as a radiologist works), the study
 *   opened by in-app navigation; a fresh context per run, so metadata and pixels are fetched again.
 * Prints per-study p50/p95 of each and the ratio to the 2 s aim.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import type { Browser, Page } from 'playwright-core';
import { demoSession } from '../demoSession';

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

/** Resolves to the page's performance.now() when every image is rendered and every mark placed. */
async function renderedAt(page: Page, images: number, marks: number): Promise<number> {
  const at = await page.waitForFunction(
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
  return (await at.jsonValue()) as number;
}

type Way = 'cold' | 'from the worklist';

async function openOnce(browser: Browser, way: Way, studyUrl: string, images: number, marks: number) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addCookies([{ name: 'sentinelle_session', value: session.value, url: base }]);
  try {
    const page = await context.newPage();
    if (way === 'cold') {
      await page.goto(studyUrl);
      return await renderedAt(page, images, marks);
    }
    await page.goto(`${base}/`);
    await page.getByTestId('worklist-ai-status').first().waitFor({ timeout: 60_000 });
    // The router follows the history as a link click in the worklist makes it do.
    const started = await page.evaluate((url) => {
      const w = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const t0 = performance.now();
      w.history.pushState({}, '', url);
      w.dispatchEvent(new w.PopStateEvent('popstate'));
      return t0;
    }, studyUrl);
    return (await renderedAt(page, images, marks)) - started;
  } finally {
    await context.close();
  }
}

let session: Awaited<ReturnType<typeof demoSession>>;

async function main(): Promise<void> {
  session = await demoSession(base);
  const headers = { cookie: session.cookie };
  const worklist = (await (await fetch(`${base}/api/worklist`, { headers })).json()) as {
    studies: WorklistEntry[];
  };
  const studies = worklist.studies.filter((s) => s.status === 'done');
  if (studies.length === 0)
    throw new Error(`no analysed study at ${base}: start the stack with npm start first`);
  const browser = await launchChromium();
  const all: Record<Way, number[]> = { cold: [], 'from the worklist': [] };
  try {
    for (const study of studies) {
      const findings = (await (
        await fetch(`${base}/api/studies/${study.studyInstanceUid}/findings`, { headers })
      ).json()) as {
        findings: { images: { lesions: unknown[] }[] };
      };
      const images = findings.findings.images.length;
      const marks = findings.findings.images.reduce((n, image) => n + image.lesions.length, 0);
      const studyUrl = `${base}/mammo?StudyInstanceUIDs=${study.studyInstanceUid}`;
      for (const way of Object.keys(all) as Way[]) {
        const times: number[] = [];
        for (let run = 0; run < runs; run++)
          times.push(await openOnce(browser, way, studyUrl, images, marks));
        times.sort((a, b) => a - b);
        all[way].push(...times);
        console.log(
          `${study.studyInstanceUid} (${images} images, ${marks} AI marks), ${way}: ` +
            `p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms (${runs} runs)`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  for (const [way, times] of Object.entries(all)) {
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 0.5);
    console.log(
      `all studies, ${way}: p50 ${p50.toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms; ` +
        `p50 / 2 s aim = ${(p50 / AIM_MS).toFixed(2)} (below 1 meets the aim)`,
    );
  }
}

main().catch((error: Error) => {
  console.error(`bench:viewer: ${error.message}`);
  process.exit(1);
});
