import { access, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { orthancModalities, type DicomModality } from './dicomModalities';

/** Where Debian's orthanc-* packages put their plugins. */
export const ORTHANC_PLUGIN_DIR = '/usr/share/orthanc/plugins';

/** The Orthanc plugins Sentinelle uses: file name, Debian package, and the id Orthanc lists under /plugins. */
export const ORTHANC_PLUGINS = {
  dicomweb: { file: 'libOrthancDicomWeb.so', debianPackage: 'orthanc-dicomweb', id: 'dicom-web' },
  gdcm: { file: 'libOrthancGdcm.so', debianPackage: 'orthanc-gdcm', id: 'gdcm' },
  python: { file: 'libOrthancPython.so', debianPackage: 'orthanc-python', id: 'python' },
} as const;
export type OrthancPluginName = keyof typeof ORTHANC_PLUGINS;

/** DICOMweb (QIDO/WADO/STOW-RS) and GDCM (JPEG 2000 decoding); python is added with a script. */
export const DEFAULT_ORTHANC_PLUGINS: readonly OrthancPluginName[] = ['dicomweb', 'gdcm'];

export const DICOMWEB_ROOT = '/dicom-web/';

/** JPEG 2000 (Part 1 and 2, lossless and lossy): the transfer syntaxes GDCM decodes for Orthanc. */
export const GDCM_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.92',
  '1.2.840.10008.1.2.4.93',
] as const;

/**
 * Settings of the bridge's Orthanc Explorer extension (orthanc-bridge/src/explorer/plugin), written to
 * the "Sentinelle" section of Orthanc's configuration, where the plugin reads them.
 */
export interface ExplorerExtensionSettings {
  /** The bridge's base URL, e.g. http://127.0.0.1:3000; loopback unless `network` is container. */
  readonly bridgeUrl: string;
  /** The viewer page; "Open in viewer" is shown only when it is set. */
  readonly viewerUrl?: string | undefined;
  readonly network?: 'loopback' | 'container';
}

export interface OrthancConfigOptions {
  /** Folder holding storage/ and index/ (the configuration and log live there too). */
  readonly dir: string;
  readonly httpPort: number;
  readonly dicomPort: number;
  readonly aet: string;
  readonly username: string;
  readonly password: string;
  /** Seconds without a new instance before a study is "stable" (StableStudy in /changes). */
  readonly stableAgeSeconds: number;
  readonly plugins: readonly OrthancPluginName[];
  /** An orthanc-python script (the bridge's Orthanc Explorer extension); loads the python plugin. */
  readonly pythonScript?: string | undefined;
  /** The "Sentinelle" section the Explorer extension reads (ignored without `pythonScript`). */
  readonly explorer?: ExplorerExtensionSettings | undefined;
  /** The modalities allowed to store (and echo): calling AET from its host. None: nobody may store. */
  readonly modalities?: readonly DicomModality[] | undefined;
  /** DICOM TLS on the DICOM port (PEM files): then it takes no plain TCP association. */
  readonly dicomTls?: DicomTlsFiles | undefined;
  /** False for throw-away test instances: no fsync of the storage, no saved jobs. */
  readonly durable: boolean;
  readonly name?: string;
  readonly pluginDir?: string;
}

/** Orthanc's DICOM TLS files (PEM). */
export interface DicomTlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
  /** The certificates (CAs) a modality's client certificate must chain to. */
  readonly trustedPath: string;
}

/** The plugins to load: the requested ones, plus python when a script is given. */
export function orthancPluginsFor(options: Pick<OrthancConfigOptions, 'plugins' | 'pythonScript'>) {
  const names = new Set(options.plugins);
  if (options.pythonScript) names.add('python');
  return [...names];
}

/**
 * Builds Orthanc's JSON configuration for a private Sentinelle instance.
 *
 * Orthanc 1.10 has no option to choose the address it listens on: its HTTP server (civetweb) and
 * DICOM server listen on every interface. `RemoteAccessAllowed: false` makes the HTTP server
 * refuse any client that is not on loopback, and every HTTP request needs the credentials. The
 * DICOM port takes an association only from a configured modality (its calling AET from its
 * host: no "always allow", host checked) addressed to Orthanc's own AET, and then only C-ECHO and
 * C-STORE; with `dicomTls`, only over TLS with a client certificate from a trusted CA.
 */
export function buildOrthancConfig(options: OrthancConfigOptions): Record<string, unknown> {
  const pluginDir = options.pluginDir ?? ORTHANC_PLUGIN_DIR;
  const plugins = orthancPluginsFor(options);
  const config: Record<string, unknown> = {
    Name: options.name ?? 'Sentinelle',
    StorageDirectory: join(options.dir, 'storage'),
    IndexDirectory: join(options.dir, 'index'),
    StorageCompression: false,
    SyncStorageArea: options.durable,
    SaveJobs: options.durable,
    ConcurrentJobs: 2,
    Plugins: plugins.map((p) => join(pluginDir, ORTHANC_PLUGINS[p].file)),

    HttpServerEnabled: true,
    HttpPort: options.httpPort,
    HttpDescribeErrors: true,
    HttpCompressionEnabled: true,
    OrthancExplorerEnabled: true,
    WebDavEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [options.username]: options.password },
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,

    DicomServerEnabled: true,
    DicomAet: options.aet,
    DicomPort: options.dicomPort,
    DicomCheckCalledAet: true,
    DicomCheckModalityHost: true,
    DicomModalities: orthancModalities(options.modalities ?? [], options.dicomTls !== undefined),
    DicomModalitiesInDatabase: false,
    // Any "always allow" makes Orthanc accept every association; with none, an unknown AET or host
    // is refused before it sends anything.
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowStore: false,
    DicomAlwaysAllowFindWorklist: false,
    DicomAlwaysAllowFind: false,
    DicomAlwaysAllowGet: false,
    DicomAlwaysAllowMove: false,
    DicomTlsEnabled: options.dicomTls !== undefined,
    ...(options.dicomTls && {
      DicomTlsCertificate: options.dicomTls.certPath,
      DicomTlsPrivateKey: options.dicomTls.keyPath,
      DicomTlsTrustedCertificates: options.dicomTls.trustedPath,
      DicomTlsRemoteCertificateRequired: true,
    }),
    AcceptedTransferSyntaxes: ['1.2.840.10008.1.*'],
    // DCMTK first, GDCM only for JPEG 2000, which DCMTK cannot decode. Debian's Orthanc serves
    // REST from civetweb threads with 100 KB stacks, and GDCM's codecs overflow them:
    // `POST /instances/{id}/modify` with Transcode, previews and WADO-RS transcoding of JPEG
    // Lossless or RLE crash Orthanc (segfault in libgdcmMSFF) within a few calls when GDCM is
    // tried first; DCMTK's codecs do not. JPEG 2000 is only safe in Orthanc's job threads (the
    // worker transcodes it with an archive job).
    BuiltinDecoderTranscoderOrder: 'Before',
    UnknownSopClassAccepted: false,
    DefaultEncoding: 'Utf8',

    StableAge: options.stableAgeSeconds,
    OverwriteInstances: false,
    DeidentifyLogs: true,

    DicomWeb: {
      Enable: true,
      Root: DICOMWEB_ROOT,
      EnableWado: true,
      WadoRoot: '/wado',
      Ssl: false,
    },
  };
  if (plugins.includes('gdcm')) {
    // GDCM only for JPEG 2000, which DCMTK cannot decode: see BuiltinDecoderTranscoderOrder.
    config.Gdcm = { Enable: true, Throttling: 2, RestrictTransferSyntaxes: [...GDCM_TRANSFER_SYNTAXES] };
  }
  if (options.pythonScript) {
    config.PythonScript = options.pythonScript;
    config.PythonVerbose = false;
    if (options.explorer) {
      config.Sentinelle = {
        BridgeUrl: options.explorer.bridgeUrl,
        Network: options.explorer.network ?? 'loopback',
        ...(options.explorer.viewerUrl ? { ViewerUrl: options.explorer.viewerUrl } : {}),
      };
    }
  }
  return config;
}

/** Checks that every plugin's .so is installed; names the Debian package to install when not. */
export async function checkOrthancPlugins(
  plugins: readonly OrthancPluginName[],
  pluginDir: string = ORTHANC_PLUGIN_DIR,
): Promise<void> {
  const missing: string[] = [];
  for (const p of plugins) {
    const path = join(pluginDir, ORTHANC_PLUGINS[p].file);
    try {
      await access(path);
    } catch {
      missing.push(`${path} (Debian package ${ORTHANC_PLUGINS[p].debianPackage})`);
    }
  }
  if (missing.length) {
    throw new Error(`Orthanc plugin(s) not installed: ${missing.join(', ')}; install them with apt-get`);
  }
}

/** Writes the configuration readable by its owner only: it holds the Orthanc password. */
export async function writeOrthancConfig(path: string, config: Record<string, unknown>): Promise<void> {
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}
