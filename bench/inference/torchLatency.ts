import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TorchLatency {
  readonly latenciesMs: number[];
  /** Multiply-accumulates of one forward pass (convolutions). */
  readonly macs: number;
  readonly torchVersion: string;
}

/**
 * The same network in PyTorch (Debian's, models/training/bench_torch.py) on the very inputs
 * ONNX Runtime got, so the two timings compare runtimes and nothing else.
 */
export async function torchLatency(options: {
  readonly script: string;
  readonly modelDir: string;
  readonly inputs: readonly Float32Array[];
  readonly height: number;
  readonly width: number;
  readonly threads: number;
  readonly repeat: number;
}): Promise<TorchLatency> {
  const { inputs, height, width } = options;
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-bench-'));
  try {
    const packed = new Float32Array(inputs.length * height * width);
    inputs.forEach((input, i) => packed.set(input, i * height * width));
    await writeFile(join(dir, 'inputs.f32'), packed);
    const { stdout } = await promisify(execFile)(
      '/usr/bin/python3',
      [
        options.script,
        ...['--model-dir', options.modelDir, '--inputs', join(dir, 'inputs.f32')],
        ...['--count', String(inputs.length), '--height', String(height), '--width', String(width)],
        ...['--threads', String(options.threads), '--repeat', String(options.repeat)],
      ],
      { maxBuffer: 1 << 24 },
    );
    const out = JSON.parse(stdout) as { latencies_ms: number[]; macs: number; torch: string };
    return { latenciesMs: out.latencies_ms, macs: out.macs, torchVersion: out.torch };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
