/** The reader's overlay choices: AI marks on or off, and the SEG fill's opacity (0 hides it). */
export interface OverlaySettings {
  readonly visible: boolean;
  readonly segOpacity: number;
}

const DEFAULTS: OverlaySettings = { visible: true, segOpacity: 0.25 };
let settings: OverlaySettings = DEFAULTS;
const listeners = new Set<(value: OverlaySettings) => void>();

export function overlaySettings(): OverlaySettings {
  return settings;
}

export function updateOverlaySettings(change: Partial<OverlaySettings>): OverlaySettings {
  settings = {
    ...settings,
    ...change,
    segOpacity: Math.min(1, Math.max(0, change.segOpacity ?? settings.segOpacity)),
  };
  for (const listener of listeners) listener(settings);
  return settings;
}

export function resetOverlaySettings(): void {
  settings = DEFAULTS;
}

export function onOverlaySettings(listener: (value: OverlaySettings) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
