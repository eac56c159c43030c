export {
  ConfigError,
  DEFAULT_PORTS,
  DEFAULT_TRIAGE_RULES,
  isLoopbackHost,
  loadConfig,
  LOG_LEVELS,
  PRIORITIES,
  triageRuleSchema,
} from './config';
export type { LogLevel, OrthancSettings, Priority, SentinelleConfig, TriageRule } from './config';
export { DEFAULT_DATA_DIR, REPO_ROOT } from './paths';
export {
  buildOrthancConfig,
  checkOrthancPlugins,
  DEFAULT_ORTHANC_PLUGINS,
  DICOMWEB_ROOT,
  ORTHANC_PLUGIN_DIR,
  ORTHANC_PLUGINS,
  writeOrthancConfig,
} from './orthanc/orthancConfig';
export type { OrthancConfigOptions, OrthancPluginName } from './orthanc/orthancConfig';
export { credentialsFile, loadOrCreateCredentials } from './credentials';
export type { StackCredentials } from './credentials';
export { startStack } from './stack';
export type { Stack, StackMember, StackOrthanc, StartStackOptions } from './stack';
export { installDebianPackages, missingDebianPackages, requiredDebianPackages } from './systemPackages';
export * from './services/index';
