/**
 * bench/inference: per-image latency of a registered network on 2 threads at its own input size.
 * On the same screening images, in one run:
 * - end to end (decode, quality gate, pre-processing, network, post-processing) in Node, p50/p95;
 * - the network alone in ONNX Runtime (Node) and in PyTorch (Debian's), p50/p95 and their ratio;
 * - GFLOPs per image and the share of the CPU's estimated peak that the Node p50 implies.
 * It prints figures and ratios; no test asserts a wall-clock time.
 *
 *   npm run bench:inference [-- --model ID] [--images 24] [--repeat 3] [--from DIR]
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import {
  MammoModel,
  UnreadableImageError,
  analyzeImage,
  decodeImageFile,
} from '@sentinelle/inference-worker';
import { cpuPeak } from './cpuPeak';
import { torchLatency } from './torchLatency';

const THREADS = 2;
/** Budget per image, end to end, on the 2 threads of the service machine. */
const AIM_MS = 150;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    registry: { type: 'string' },
    images: { type: 'string', default: '24' },
    repeat: { type: 'string', default: '3' },
    from: { type: 'string', default: resolve(root, '../shared/datasets/rsna-screening-640') },
    'pixel-spacing': { type: 'string', default: '0.2' },
  },
});

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const ms = (xs: readonly number[]) =>
  `p50 ${percentile(xs, 0.5).toFixed(1)} ms  p95 ${percentile(xs, 0.95).toFixed(1)} ms`;

/** `count` image files spread evenly over the folder's sorted listing (sub-folders included). */
async function pickImages(folder: string, count: number): Promise<string[]> {
  const all = (await readdir(folder, { recursive: true }))
    .filter((f) => /\.(png|jpe?g|dcm)$/i.test(f))
    .sort();
  if (all.length === 0) throw new Error(`no PNG, JPEG or DICOM image in ${folder}`);
  const n = Math.min(count, all.length);
  return Array.from({ length: n }, (_, i) => join(folder, all[Math.floor((i * all.length) / n)]!));
}

async function main(): Promise<void> {
  const repeat = Number(values.repeat);
  const resolved = await resolveModel({
    ...(values.model ? { id: values.model } : {}),
    ...(values.registry ? { registryPath: values.registry } : {}),
  });
  const { height, width } = resolved.entry.input;
  const files = await pickImages(values.from!, Number(values.images));
  const model = await MammoModel.load(resolved, { provider: 'cpu', threads: THREADS });
  await model.warmUp();

  const inputs: Float32Array[] = [];
  const endToEnd: number[] = [];
  const refused: string[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const file of files) {
      try {
        const start = performance.now();
        const image = await decodeImageFile(file, { pixelSpacingMm: Number(values['pixel-spacing']) });
        let input: Float32Array | undefined;
        await analyzeImage(image, model, { onPreprocessed: (pre) => (input = pre.input) });
        endToEnd.push(performance.now() - start);
        if (r === 0 && input) inputs.push(input);
      } catch (err) {
        const gate = err instanceof Error && err.name === 'ImageQualityError';
        if (!gate && !(err instanceof UnreadableImageError)) throw err;
        if (r === 0) refused.push(`${file}: ${err.message}`);
      }
    }
  }
  if (inputs.length === 0) throw new Error('no image passed the quality gate');
  const network: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const input of inputs) {
      const start = performance.now();
      await model.run([input]);
      network.push(performance.now() - start);
    }
  }
  await model.release();

  const torch = await torchLatency({
    script: resolve(root, 'models/training/bench_torch.py'),
    modelDir: dirname(resolved.onnxPath),
    inputs,
    height,
    width,
    threads: THREADS,
    repeat,
  });
  const gflops = (2 * torch.macs) / 1e9;
  const peak = cpuPeak(THREADS, readFileSync('/proc/cpuinfo', 'utf8'));
  const nodeP50 = percentile(network, 0.5);
  const endToEndP50 = percentile(endToEnd, 0.5);

  console.log(
    `model ${resolved.entry.id} ${resolved.entry.version}, input ${height}×${width}, ${inputs.length} images of ${values.from} × ${repeat}, ${THREADS} threads`,
  );
  for (const r of refused) console.log(`  not timed: ${r}`);
  console.log(
    `end to end (decode to findings): ${ms(endToEnd)}; aim ≤ ${AIM_MS} ms: ${endToEndP50 <= AIM_MS ? 'met' : 'not met'} at p50, ${percentile(endToEnd, 0.95) <= AIM_MS ? 'met' : 'not met'} at p95`,
  );
  console.log(`network, ONNX Runtime (Node): ${ms(network)}`);
  console.log(`network, PyTorch ${torch.torchVersion}: ${ms(torch.latenciesMs)}`);
  console.log(
    `ratio PyTorch / ONNX Runtime at p50: ${(percentile(torch.latenciesMs, 0.5) / nodeP50).toFixed(2)}`,
  );
  console.log(
    `network: ${gflops.toFixed(2)} GFLOPs per image (2 × ${(torch.macs / 1e9).toFixed(2)} G multiply-accumulates, convolutions)`,
  );
  console.log(`CPU peak estimate: ${(peak.flopsPerSecond / 1e9).toFixed(0)} GFLOP/s = ${peak.description}`);
  console.log(
    `share of peak at the ONNX Runtime p50: ${((100 * gflops * 1e9) / (nodeP50 / 1000) / peak.flopsPerSecond).toFixed(1)} %`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
