/**
 * bench/inference: per-image latency of the shipped network on 2 threads, ONNX Runtime in Node
 * against the same network in PyTorch (Debian's), on the same pre-processed images, in one run.
 * Prints p50/p95 for both, their ratio, the network's GFLOPs per image and the share of the
 * CPU's peak that the Node latency implies.
 *
 *   npm run bench:inference [-- --images 24 --repeat 3]
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import { MammoModel, decodeImageFile, preprocess } from '@sentinelle/inference-worker';

const THREADS = 2;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { images: { type: 'string', default: '24' }, repeat: { type: 'string', default: '3' } },
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Peak fp32 FLOP/s of the cores used: FMA units × SIMD lanes × 2 × clock (from /proc/cpuinfo). */
function cpuPeak(threads: number): { flops: number; description: string } {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const flags = /^flags\s*:(.*)$/m.exec(info)?.[1] ?? '';
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? cpus()[0]?.speed ?? 0);
  const lanes = flags.includes(' avx512f') ? 16 : flags.includes(' avx2') ? 8 : 4;
  const perCycle = 2 /* FMA units */ * lanes * 2; /* multiply + add */
  return {
    flops: threads * perCycle * mhz * 1e6,
    description: `${threads} cores × ${perCycle} FLOP/cycle × ${mhz.toFixed(0)} MHz`,
  };
}

async function main(): Promise<void> {
  const resolved = await resolveModel();
  const { height, width, normalisation } = resolved.entry.input;
  const miasDir = resolve(root, '../shared/datasets/mini-mias');
  const files = (await readdir(miasDir))
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, Number(values.images));
  const inputs: Float32Array[] = [];
  for (const f of files)
    inputs.push(
      preprocess(await decodeImageFile(join(miasDir, f)), { height, width, clip: normalisation.clip[1] })
        .input,
    );

  const model = await MammoModel.load(resolved, { provider: 'cpu', threads: THREADS });
  await model.warmUp();
  const node: number[] = [];
  for (let r = 0; r < Number(values.repeat); r++) {
    for (const input of inputs) {
      const start = performance.now();
      await model.run([input]);
      node.push(performance.now() - start);
    }
  }
  await model.release();

  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-bench-'));
  try {
    const packed = new Float32Array(inputs.length * height * width);
    inputs.forEach((input, i) => packed.set(input, i * height * width));
    await writeFile(join(dir, 'inputs.f32'), packed);
    const { stdout } = await promisify(execFile)('/usr/bin/python3', [
      resolve(root, 'models/training/bench_torch.py'),
      '--model-dir',
      dirname(resolved.onnxPath),
      '--inputs',
      join(dir, 'inputs.f32'),
      '--count',
      String(inputs.length),
      '--height',
      String(height),
      '--width',
      String(width),
      '--threads',
      String(THREADS),
      '--repeat',
      values.repeat!,
    ]);
    const torch = JSON.parse(stdout) as { latencies_ms: number[]; macs: number; torch: string };

    const gflops = (2 * torch.macs) / 1e9;
    const peak = cpuPeak(THREADS);
    const nodeP50 = percentile(node, 0.5);
    const torchP50 = percentile(torch.latencies_ms, 0.5);
    console.log(
      `model ${resolved.entry.id} ${resolved.entry.version}, input ${height}×${width}, ${inputs.length} mini-MIAS images × ${values.repeat}, ${THREADS} threads`,
    );
    console.log(
      `ONNX Runtime (Node)  p50 ${nodeP50.toFixed(1)} ms  p95 ${percentile(node, 0.95).toFixed(1)} ms`,
    );
    console.log(
      `PyTorch ${torch.torch}  p50 ${torchP50.toFixed(1)} ms  p95 ${percentile(torch.latencies_ms, 0.95).toFixed(1)} ms`,
    );
    console.log(`ratio PyTorch/ONNX Runtime p50: ${(torchP50 / nodeP50).toFixed(2)}`);
    console.log(
      `network: ${gflops.toFixed(3)} GFLOPs per image; CPU peak ${(peak.flops / 1e9).toFixed(0)} GFLOP/s (${peak.description})`,
    );
    console.log(
      `implied share of peak at the Node p50: ${((100 * gflops * 1e9) / (nodeP50 / 1000) / peak.flops).toFixed(1)} %`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
