/**
 * `npm run worker`: the inference worker process. Configuration from the environment
 * (@sentinelle/config); SIGTERM or SIGINT stops taking jobs, lets the running ones finish,
 * releases the model and closes the connections.
 */
import { ConfigError, loadConfig } from '@sentinelle/config';
import { pino } from 'pino';
import { startWorkerServices, workerSettingsFrom, type WorkerServices } from './service';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const logger = pino({ name: 'inference-worker', level: config.logLevel });
  // A stray rejection is logged, not fatal: the jobs in progress keep their locks and finish.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const starting = startWorkerServices({ ...workerSettingsFrom(config), logger });
  let services: WorkerServices | undefined;
  let exiting = false;
  const shutdown = async (signal: string) => {
    if (exiting) return;
    exiting = true;
    logger.info({ signal }, 'stopping: finishing the running jobs');
    try {
      services = await starting.catch(() => undefined);
      await services?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'could not stop cleanly');
      process.exit(1);
    }
  };
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (++signals > 1) {
        logger.warn('second signal: leaving now; the running jobs run again on the next worker');
        process.exit(130);
      }
      void shutdown(signal);
    });
  }

  try {
    services = await starting;
  } catch (error) {
    logger.error({ err: error }, `the worker could not start: ${(error as Error).message}`);
    return 1;
  }
  return new Promise<number>(() => {}); // runs until a signal
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[inference-worker] ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
