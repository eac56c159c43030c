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
export { DEFAULT_SITES, institutionSites, sitesFromEnv } from './sites';
export type { SiteConfig } from './sites';
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
  FFDM_DEMO_KEYS,
  ffdmDemoDir,
  loadDemoStudies,
  prepareFfdmDemo,
  readDemoManifest,
} from './demo';
export type { DemoLoadResult, DemoManifest, DemoStudy } from './demo';
export { prepareSiteBDemo, SITE_B_DEMO_PATIENT, siteBDemoDir } from './demoSiteB';
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
  DicomTlsFiles,
  ExplorerExtensionSettings,
  OrthancConfigOptions,
  OrthancPluginName,
} from './orthanc/orthancConfig';
export {
  AE_TITLE,
  DEMO_STORESCU,
  dicomModalitySchema,
  orthancModalities,
  parseDicomModalities,
} from './orthanc/dicomModalities';
export type { DicomModality } from './orthanc/dicomModalities';
export { basicAuth, OrthancHttp, OrthancRequestError } from './orthanc/http';
export type {
  OrthancConnection,
  OrthancHttpOptions,
  OrthancRequest,
  OrthancSendRequest,
} from './orthanc/http';
export { credentialsFile, loadOrCreateCredentials, readStoredCredentials } from './credentials';
export { serviceUrls, withoutPassword } from './serviceUrls';
export type { ServiceUrls } from './serviceUrls';
export type { StackCredentials } from './credentials';
export { startStack, VIEWER_MODE_ROUTE } from './stack';
export type { Stack, StackMember, StackOrthanc, StartStackOptions } from './stack';
export { installDebianPackages, missingDebianPackages, requiredDebianPackages } from './systemPackages';
export * from './services/index';
export {
  DEMO_INSTITUTION,
  DEMO_SITE,
  DEMO_SITE_B_INSTITUTION,
  DEMO_SITES,
  DEMO_USERS,
  demoUsersFile,
  loadOrCreateDemoPasswords,
  readDemoPasswords,
} from './demoUsers';
export type { DemoPasswords, DemoUser } from './demoUsers';
export * from './pki/index';
