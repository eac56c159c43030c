import { existsSync } from 'node:fs';
import type { ModelEntry, ResolvedModel } from '@sentinelle/models';
import * as ort from 'onnxruntime-node';

export type ExecutionProviderChoice = 'auto' | 'cpu' | 'cuda';

export interface SessionOptions {
  /** Intra-op threads; ONNX Runtime's default (all cores) when absent. */
  readonly threads?: number;
  readonly provider?: ExecutionProviderChoice;
  /** Called once when CUDA was asked for or tried and the session fell back to CPU. */
  readonly onFallback?: (reason: string) => void;
}

/** Raw network outputs for one image, before calibration and post-processing. */
export interface RawModelOutput {
  readonly malignancyLogit: number;
  readonly abnormalityLogit: number;
  /** [channels, mapHeight, mapWidth] probabilities, channels as the registry lists them. */
  readonly lesionMaps: Float32Array;
  readonly mapHeight: number;
  readonly mapWidth: number;
}

/** The mammography network in ONNX Runtime, with the registry entry that describes it. */
export class MammoModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly entry: ModelEntry,
    readonly executionProvider: 'cpu' | 'cuda',
  ) {}

  static async load(model: ResolvedModel, options: SessionOptions = {}): Promise<MammoModel> {
    const base: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    };
    const provider = options.provider ?? 'auto';
    // 'auto' only tries CUDA where an NVIDIA device exists; elsewhere the attempt just logs noise.
    if (provider === 'cuda' || (provider === 'auto' && existsSync('/dev/nvidiactl'))) {
      try {
        const session = await ort.InferenceSession.create(model.onnxPath, {
          ...base,
          executionProviders: ['cuda'],
        });
        return new MammoModel(session, model.entry, 'cuda');
      } catch (err) {
        // No GPU, or onnxruntime-node installed without its CUDA binaries: CPU gives the same results.
        options.onFallback?.(err instanceof Error ? err.message : String(err));
      }
    }
    const session = await ort.InferenceSession.create(model.onnxPath, {
      ...base,
      executionProviders: ['cpu'],
    });
    return new MammoModel(session, model.entry, 'cpu');
  }

  get inputSize(): { readonly width: number; readonly height: number } {
    return { width: this.entry.input.width, height: this.entry.input.height };
  }

  /** Runs once on a blank image so that the first real study does not pay for lazy initialisation. */
  async warmUp(): Promise<void> {
    const { width, height } = this.inputSize;
    await this.run([new Float32Array(width * height).fill(this.entry.input.normalisation.background)]);
  }

  /** Runs a batch of pre-processed inputs (each height × width). */
  async run(inputs: readonly Float32Array[]): Promise<RawModelOutput[]> {
    const { width, height } = this.inputSize;
    const batch = new Float32Array(inputs.length * width * height);
    inputs.forEach((input, i) => {
      if (input.length !== width * height)
        throw new Error(`model input must be ${height}×${width}, got ${input.length} values`);
      batch.set(input, i * width * height);
    });
    const { outputs, input } = this.entry;
    const result = await this.session.run({
      [input.name]: new ort.Tensor('float32', batch, [inputs.length, 1, height, width]),
    });
    const malignancy = result[outputs.malignancy]!.data as Float32Array;
    const abnormality = result[outputs.abnormality]!.data as Float32Array;
    const maps = result[outputs.lesionMaps]!;
    const [, channels, mapHeight, mapWidth] = maps.dims as [number, number, number, number];
    const perImage = channels * mapHeight * mapWidth;
    const mapData = maps.data as Float32Array;
    return inputs.map((_, i) => ({
      malignancyLogit: malignancy[i]!,
      abnormalityLogit: abnormality[i]!,
      lesionMaps: mapData.slice(i * perImage, (i + 1) * perImage),
      mapHeight,
      mapWidth,
    }));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
