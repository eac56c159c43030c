import { createElement, type FunctionComponent } from 'react';
import { apiRoots } from '../studySession';
import type { ExtensionParams } from '../ohif';
import { mountOwnReact } from '../ownReact';
import { FindingsPanel } from './FindingsPanel';
import { ReportPanel } from './report/ReportPanel';
import { t } from '../hangingProtocols/viewingStrings';
import './panelStrings';
import './report/reportStrings';

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
      iconLabel: t('tool.ai'),
      label: t('panel.findings'),
      component: ownReactPanel(FindingsPanel, () => ({ api: api(), commandsManager, servicesManager })),
    },
    {
      name: 'report',
      iconName: 'tab-patient-info',
      iconLabel: t('panel.reportShort'),
      label: t('report.tab'),
      component: ownReactPanel(ReportPanel, () => ({ api: api() })),
    },
  ];
}
