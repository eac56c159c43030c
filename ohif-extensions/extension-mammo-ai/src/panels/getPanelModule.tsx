import { createElement, type FunctionComponent } from 'react';
import { apiRoots } from '../studySession';
import type { ExtensionParams } from '../ohif';
import { mountOwnReact } from '../ownReact';
import { FindingsPanel } from './FindingsPanel';
import { ReportPanel } from './report/ReportPanel';

/** A panel OHIF renders as a <div> holding our own React root (mountOwnReact). */
function ownReactPanel<P extends object>(component: FunctionComponent<P>, props: () => P): FunctionComponent {
  const mount = mountOwnReact(component, props);
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
