import { resolveModel } from '@sentinelle/models';
import { MammoModel, type SessionOptions } from './mammoModel';

/** The registry cannot give the model a job asks for: retrying gives the same answer. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}

/**
 * The models a worker serves, loaded from the registry the first time a job asks for one and
 * kept (an ONNX session takes seconds to create and warm up). A job names the model id and
 * version it is for: the model in use, which a promotion changes without restarting workers, or
 * a candidate in shadow. A version the registry no longer has is refused: its calibration and
 * operating points would be another model's.
 */
export class ModelSessions {
  private readonly loaded = new Map<string, Promise<MammoModel>>();
  /** Models handed in by the caller, released by it. */
  private readonly borrowed = new Set<MammoModel>();

  constructor(
    private readonly options: SessionOptions & { readonly registryPath?: string | undefined },
    preloaded: readonly MammoModel[] = [],
  ) {
    for (const model of preloaded) {
      this.borrowed.add(model);
      this.loaded.set(ModelSessions.key(model.entry.id, model.entry.version), Promise.resolve(model));
    }
  }

  private static key(id: string, version: string): string {
    return `${id}@${version}`;
  }

  get(id: string, version: string): Promise<MammoModel> {
    const key = ModelSessions.key(id, version);
    let model = this.loaded.get(key);
    if (!model) {
      model = this.load(id, version);
      this.loaded.set(key, model);
      // A failed load is not kept: the registry or the file may be fixed for the next job.
      model.catch(() => this.loaded.delete(key));
    }
    return model;
  }

  private async load(id: string, version: string): Promise<MammoModel> {
    let resolved;
    try {
      resolved = await resolveModel({ id, registryPath: this.options.registryPath });
    } catch (error) {
      throw new ModelUnavailableError(`model ${id} cannot be loaded: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (resolved.entry.version !== version)
      throw new ModelUnavailableError(
        `the job asks for ${id} ${version}; the registry has ${id} ${resolved.entry.version}`,
      );
    const model = await MammoModel.load(resolved, this.options);
    await model.warmUp();
    return model;
  }

  /** Releases the models this cache loaded (not those handed in). */
  async release(): Promise<void> {
    const models = await Promise.allSettled([...this.loaded.values()]);
    this.loaded.clear();
    for (const result of models)
      if (result.status === 'fulfilled' && !this.borrowed.has(result.value)) await result.value.release();
  }
}
