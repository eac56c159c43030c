import { createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { apiRoots } from '../studySession';
import type { ExtensionParams } from '../ohif';
import { FindingsPanel } from './FindingsPanel';
import { ReportPanel } from './report/ReportPanel';

/**
 * OHIF renders panels with its own React; ours is a separate copy. The component OHIF renders
 * only returns a plain <div ref>, and our React root lives inside it (no hooks cross the two).
 * Props are made at mount, once OHIF's data source (which names the bridge's API root) is active.
 */
function ownReactPanel<P extends object>(component: FunctionComponent<P>, props: () => P): FunctionComponent {
  let root: Root | null = null;
  let host: HTMLElement | null = null;
  const mount = (element: HTMLDivElement | null) => {
    if (element === host) return;
    root?.unmount();
    root = null;
    host = element;
    if (!element) return;
    root = createRoot(element);
    root.render(createElement(component, props()));
  };
  return () => createElement('div', { ref: mount, style: { height: '100%' } });
}

export function getPanelModule({ servicesManager, commandsManager, extensionManager }: ExtensionParams) {
  const api = () => apiRoots(extensionManager).api;
  return [
    {
      name: 'findings',
      iconName: 'tab-linear',
      iconLabel: 'IA',
      label: 'IA / AI',
      component: ownReactPanel(FindingsPanel, () => ({ api: api(), commandsManager, servicesManager })),
    },
    {
      name: 'report',
      iconName: 'tab-patient-info',
      iconLabel: 'CR',
      label: 'Compte rendu / Report',
      component: ownReactPanel(ReportPanel, () => ({ api: api() })),
    },
  ];
}
