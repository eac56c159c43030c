import { prepareViewer } from '@sentinelle/ohif-extensions';
import { pino } from 'pino';
import { initAppServices, shutdownApp, type BridgeConfig } from './app';

/**
 * Runs the bridge as a process: pino logs on stdout, initAppServices, then on SIGTERM or SIGINT
 * shutdownApp (the change in progress completes, connections close) and exit 0. A second signal
 * exits at once. Exits 1 when the bridge cannot start, with the reason on one log line.
 */
export async function runBridgeProcess(config: BridgeConfig): Promise<void> {
  const logger = config.logger ?? pino({ name: 'orthanc-bridge', level: config.logLevel ?? 'info' });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    shutdownApp().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));

  try {
    if (config.viewer) {
      // The pinned OHIF build is unpacked once; our extension and mode are bundled at each start.
      const started = Date.now();
      await prepareViewer();
      logger.info({ ms: Date.now() - started }, 'viewer prepared');
    }
    await initAppServices({ ...config, logger });
  } catch (error) {
    logger.debug({ err: error }, 'start failed');
    logger.fatal(`the bridge could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
