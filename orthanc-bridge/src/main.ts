/**
 * The bridge process (`npm run bridge`): reads the configuration from the environment (see
 * @sentinelle/config), then runs the bridge until SIGTERM or SIGINT (see runBridgeProcess).
 */
import { ConfigError, loadConfig } from '@sentinelle/config';
import { bridgeConfigFrom } from './config';
import { runBridgeProcess } from './process';

let config;
try {
  config = bridgeConfigFrom(loadConfig(process.env));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `orthanc-bridge: ${(error as Error).message}`);
  process.exit(2);
}
void runBridgeProcess(config);
