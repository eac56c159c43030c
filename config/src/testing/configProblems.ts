import { ConfigError, loadConfig } from '../config';

/** The problems loadConfig reports for `env`, which it must refuse. */
export function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the configuration');
}
