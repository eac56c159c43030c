export { DEFAULT_REGISTRY_PATH, modelEntrySchema, registrySchema, resolveModel } from './registry';
export type { ModelEntry, Platt, ResolvedModel } from './registry';
export * from './comparison/index';
