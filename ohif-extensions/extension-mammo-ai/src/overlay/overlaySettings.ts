/**
 * The reader's overlay choices: AI marks on or off, the SEG fill's opacity (0 hides it), and the
 * images as the model saw them in place of the mammograms (off by default: the AI never hides
 * pixels unless asked).
 */
export interface OverlaySettings {
  readonly visible: boolean;
  readonly segOpacity: number;
  readonly modelView: boolean;
}

const DEFAULTS: OverlaySettings = { visible: true, segOpacity: 0.25, modelView: false };
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
