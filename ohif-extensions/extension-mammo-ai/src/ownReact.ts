import { createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * OHIF renders with its own React; ours is a separate copy. What OHIF renders is only a plain
 * <div ref>, and our React root lives inside it (no hooks cross the two). Props are made at mount,
 * once OHIF's data source (which names the bridge's API root) is active.
 */
export function mountOwnReact<P extends object>(
  component: FunctionComponent<P>,
  props: () => P,
): (element: HTMLDivElement | null) => void {
  let root: Root | null = null;
  let host: HTMLElement | null = null;
  return (element) => {
    if (element === host) return;
    root?.unmount();
    root = null;
    host = element;
    if (!element) return;
    root = createRoot(element);
    root.render(createElement(component, props()));
  };
}
