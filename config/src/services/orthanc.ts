import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildOrthancConfig,
  checkOrthancPlugins,
  DEFAULT_ORTHANC_PLUGINS,
  DICOMWEB_ROOT,
  ORTHANC_PLUGINS,
  orthancPluginsFor,
  writeOrthancConfig,
  type DicomTlsFiles,
  type ExplorerExtensionSettings,
  type OrthancPluginName,
} from '../orthanc/orthancConfig';
import type { DicomModality } from '../orthanc/dicomModalities';
import { OrthancHttp, OrthancRequestError, type OrthancConnection } from '../orthanc/http';
import { cleanup, DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, prepareDir, stopper } from './common';
import type { ServiceHandle, ServiceOptions } from './common';
import { assertPortFree, freePorts, LOOPBACK } from './ports';
import { spawnService } from './process';
import { waitFor } from './waitFor';

export interface OrthancOptions extends ServiceOptions {
  /** HTTP port; 0 or undefined: a free one. */
  readonly httpPort?: number | undefined;
  /** DICOM port; 0 or undefined: a free one. */
  readonly dicomPort?: number | undefined;
  readonly username: string;
  readonly password: string;
  readonly aet?: string;
  /** Orthanc's StableAge in seconds (default 10; tests use 1-2). */
  readonly stableAgeSeconds?: number;
  /** Default DICOMweb and GDCM; python is added when `pythonScript` is set. */
  readonly plugins?: readonly OrthancPluginName[];
  readonly pythonScript?: string | undefined;
  /** Settings of the bridge's Explorer extension, when `pythonScript` is that extension. */
  readonly explorer?: ExplorerExtensionSettings | undefined;
  /** The modalities allowed to C-STORE and C-ECHO (AET from host); none by default: nobody may store. */
  readonly modalities?: readonly DicomModality[] | undefined;
  /** DICOM TLS on the DICOM port: plain TCP is then refused. */
  readonly dicomTls?: DicomTlsFiles | undefined;
  /** Default $ORTHANC_BINARY or /usr/sbin/Orthanc. */
  readonly binary?: string;
}

export interface OrthancHandle extends ServiceHandle {
  /** http://127.0.0.1:HTTP_PORT (REST API and Orthanc Explorer). */
  readonly url: string;
  /** `${url}/dicom-web` (QIDO-RS, WADO-RS, STOW-RS). */
  readonly dicomWebUrl: string;
  readonly username: string;
  readonly password: string;
  readonly httpPort: number;
  readonly dicomPort: number;
  readonly aet: string;
  readonly modalities: readonly DicomModality[];
  readonly configFile: string;
}

/**
 * A waitFor check of an Orthanc: whether it answers GET /system to `connection`'s credentials
 * within its timeout (default 2 s). Not yet while it cannot be reached or answers another error;
 * `refused` is thrown on 401.
 */
export function orthancAnswers(connection: OrthancConnection, refused: string): () => Promise<boolean> {
  const http = new OrthancHttp(connection, { defaultTimeoutMs: 2_000 });
  return async () => {
    try {
      const response = await http.send('GET', '/system', { accept: 'application/json' });
      await response.arrayBuffer();
      return response.ok;
    } catch (error) {
      if (!(error instanceof OrthancRequestError) || error.status === undefined) throw error;
      if (error.status === 401) throw new Error(refused);
      return false;
    }
  };
}

/**
 * Starts a private Orthanc with its storage, index, configuration (orthanc.json, mode 0600) and
 * log (orthanc.log) in `dir`. HTTP needs the credentials and refuses non-loopback clients
 * (Orthanc 1.10 cannot choose the address it listens on: see buildOrthancConfig). Resolves once
 * GET /system answers with the credentials and every requested plugin is loaded.
 */
export async function startOrthanc(options: OrthancOptions): Promise<OrthancHandle> {
  const binary = options.binary ?? process.env.ORTHANC_BINARY ?? '/usr/sbin/Orthanc';
  if (!existsSync(binary))
    throw new Error(`${binary} not found: install the Debian package orthanc, or set ORTHANC_BINARY`);
  const plugins = orthancPluginsFor({
    plugins: options.plugins ?? DEFAULT_ORTHANC_PLUGINS,
    pythonScript: options.pythonScript,
  });
  await checkOrthancPlugins(plugins);
  if (options.pythonScript && !existsSync(options.pythonScript)) {
    throw new Error(`Orthanc's PythonScript ${options.pythonScript} does not exist`);
  }

  const { dir, ephemeral } = await prepareDir('orthanc', options);
  try {
    const free = await freePorts(2);
    const httpPort = options.httpPort || free[0]!;
    const dicomPort = options.dicomPort || free[1]!;
    if (options.httpPort)
      await assertPortFree(httpPort, "Orthanc's HTTP server", 'set ORTHANC_HTTP_PORT or ORTHANC_URL');
    if (options.dicomPort) {
      await assertPortFree(
        dicomPort,
        "Orthanc's DICOM server",
        'is the system Orthanc service running (systemctl stop orthanc)? Or set ORTHANC_DICOM_PORT',
      );
    }
    const aet = options.aet ?? 'SENTINELLE';
    const configFile = join(dir, 'orthanc.json');
    const logFile = join(dir, 'orthanc.log');
    await writeOrthancConfig(
      configFile,
      buildOrthancConfig({
        dir,
        httpPort,
        dicomPort,
        aet,
        username: options.username,
        password: options.password,
        stableAgeSeconds: options.stableAgeSeconds ?? 10,
        plugins,
        pythonScript: options.pythonScript,
        explorer: options.explorer,
        modalities: options.modalities,
        dicomTls: options.dicomTls,
        durable: !ephemeral,
      }),
    );
    const proc = spawnService({ command: binary, args: [configFile], logFile, cwd: dir });
    const stop = stopper(proc, {
      timeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      dir,
      ephemeral,
    });
    const url = `http://${LOOPBACK}:${httpPort}`;
    const connection = { url, username: options.username, password: options.password };
    try {
      await waitFor(orthancAnswers(connection, 'Orthanc answered 401 to the configured credentials'), {
        what: `Orthanc on ${url} (DICOM port ${dicomPort}, data in ${dir})`,
        timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        logFile,
        exited: proc.exited,
        intervalMs: 100,
      });
      const http = new OrthancHttp(connection, { defaultTimeoutMs: 30_000 });
      const loaded = (await http.json<string[]>('GET', '/plugins')) ?? [];
      const missing = plugins.filter((p) => !loaded.includes(ORTHANC_PLUGINS[p].id));
      if (missing.length) {
        throw new Error(`Orthanc started without the plugin(s) ${missing.join(', ')}; see ${logFile}`);
      }
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      name: 'Orthanc',
      url,
      dicomWebUrl: `${url}${DICOMWEB_ROOT.replace(/\/$/, '')}`,
      username: options.username,
      password: options.password,
      httpPort,
      dicomPort,
      aet,
      modalities: options.modalities ?? [],
      configFile,
      dir,
      logFile,
      pid: proc.pid,
      ephemeral,
      exited: proc.exited,
      stop,
    };
  } catch (error) {
    await cleanup(dir, ephemeral);
    throw error;
  }
}
