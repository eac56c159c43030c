import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { apiRoots } from '../studySession';
import type { ExtensionParams } from '../ohif';
import { FindingsPanel } from './FindingsPanel';

/**
 * OHIF renders panels with its own React; ours is a separate copy. The component OHIF renders
 * only returns a plain <div ref>, and our React root lives inside it (no hooks cross the two).
 */
export function getPanelModule({ servicesManager, commandsManager, extensionManager }: ExtensionParams) {
  let root: Root | null = null;
  let host: HTMLElement | null = null;
  const mount = (element: HTMLDivElement | null) => {
    if (element === host) return;
    root?.unmount();
    root = null;
    host = element;
    if (!element) return;
    root = createRoot(element);
    root.render(
      createElement(FindingsPanel, { api: apiRoots(extensionManager).api, commandsManager, servicesManager }),
    );
  };
  const Panel = () => createElement('div', { ref: mount, style: { height: '100%' } });
  return [
    {
      name: 'findings',
      iconName: 'tab-linear',
      iconLabel: 'IA',
      label: 'IA / AI',
      component: Panel,
    },
  ];
}
