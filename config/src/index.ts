export {
  ConfigError,
  configEnv,
  DEFAULT_PORTS,
  DEFAULT_TRIAGE_RULES,
  isLoopbackHost,
  loadConfig,
  LOG_LEVELS,
  PRIORITIES,
  triageRuleSchema,
} from './config';
export type { LogLevel, OrthancSettings, Priority, SentinelleConfig, TriageRule } from './config';
export {
  BRIDGE_MAIN,
  DEFAULT_DATA_DIR,
  DEMO_DIR,
  FFDM_DEMO_BUILDER,
  FFDM_PNG_DIR,
  ORTHANC_EXPLORER_EXTENSION,
  REPO_ROOT,
  SHARED_DIR,
  WORKER_MAIN,
} from './paths';
export {
  DEMO_MANIFEST,
  demoManifestSchema,
  ffdmDemoDir,
  loadDemoStudies,
  prepareFfdmDemo,
  readDemoManifest,
} from './demo';
export type { DemoLoadResult, DemoManifest, DemoStudy, OrthancAccess } from './demo';
export { clientUrl, startBridge, startWorker, WORKER_READY_MESSAGE } from './processes';
export type { BridgeHandle, ProcessHandle, ProgramOptions } from './processes';
export {
  buildOrthancConfig,
  checkOrthancPlugins,
  DEFAULT_ORTHANC_PLUGINS,
  DICOMWEB_ROOT,
  GDCM_TRANSFER_SYNTAXES,
  ORTHANC_PLUGIN_DIR,
  ORTHANC_PLUGINS,
  writeOrthancConfig,
} from './orthanc/orthancConfig';
export type {
  ExplorerExtensionSettings,
  OrthancConfigOptions,
  OrthancPluginName,
} from './orthanc/orthancConfig';
export { OrthancHttp, OrthancRequestError } from './orthanc/http';
export type {
  OrthancConnection,
  OrthancHttpOptions,
  OrthancRequest,
  OrthancSendRequest,
} from './orthanc/http';
export { credentialsFile, loadOrCreateCredentials } from './credentials';
export type { StackCredentials } from './credentials';
export { startStack, VIEWER_MODE_ROUTE } from './stack';
export type { Stack, StackMember, StackOrthanc, StartStackOptions } from './stack';
export { installDebianPackages, missingDebianPackages, requiredDebianPackages } from './systemPackages';
export * from './services/index';
export {
  DEMO_INSTITUTION,
  DEMO_SITE,
  DEMO_USERS,
  demoUsersFile,
  loadOrCreateDemoPasswords,
  readDemoPasswords,
} from './demoUsers';
export type { DemoPasswords, DemoUser } from './demoUsers';
export * from './pki/index';
