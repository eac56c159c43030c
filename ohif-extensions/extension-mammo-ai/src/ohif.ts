/**
 * The few shapes of OHIF 3.13 this extension relies on. OHIF publishes no types for runtime
 * extensions, so these are narrow on purpose: what we call, nothing more.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ServicesManager {
  readonly services: Record<string, any>;
}

export interface ExtensionManager {
  getModuleEntry(id: string): any;
  getActiveDataSource(): any[];
}

export interface CommandsManager {
  runCommand(name: string, options?: Record<string, unknown>, context?: string): unknown;
  run(command: unknown, options?: Record<string, unknown>): unknown;
}

export interface ExtensionParams {
  readonly servicesManager: ServicesManager;
  readonly extensionManager: ExtensionManager;
  readonly commandsManager: CommandsManager;
  readonly configuration?: Record<string, unknown>;
}

/** OHIF sets these globals once its cornerstone extension is initialised. */
export function cornerstone(): any {
  const value = (window as any).cornerstone;
  if (!value) throw new Error('[mammo-ai] window.cornerstone is not set: OHIF cornerstone extension missing');
  return value;
}

export function cornerstoneTools(): any {
  const value = (window as any).cornerstoneTools;
  if (!value)
    throw new Error('[mammo-ai] window.cornerstoneTools is not set: OHIF cornerstone extension missing');
  return value;
}
