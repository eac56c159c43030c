/* eslint-disable @typescript-eslint/no-explicit-any */
import { BridgeApi, type WorklistEntry } from '../api/bridgeApi';
import { LOG_TAG } from '../id';

/**
 * OHIF's DICOMweb data source with each study's AI status, exam score and worklist rank added to
 * the study rows (`sentinelle*` fields), read from the bridge's worklist in the same search.
 */
export function getDataSourcesModule() {
  return [
    {
      name: 'sentinelle-dicomweb',
      type: 'webApi',
      createDataSource: (configuration: any, servicesManager: any, extensionManager: any) => {
        const dicomWeb = extensionManager.getModuleEntry(
          '@ohif/extension-default.dataSourcesModule.dicomweb',
        );
        const dataSource = dicomWeb.createDataSource(configuration, servicesManager, extensionManager);
        const api = new BridgeApi(String(configuration.bridgeApiRoot));
        const search = dataSource.query.studies.search;
        dataSource.query.studies.search = async (...args: unknown[]) => {
          const [studies, worklist] = await Promise.all([
            search(...args) as Promise<any[]>,
            api.worklist().catch((error: Error) => {
              console.warn(LOG_TAG, 'worklist AI status unavailable:', error.message);
              return [] as WorklistEntry[];
            }),
          ]);
          const byUid = new Map(worklist.map((entry, index) => [entry.studyInstanceUid, { entry, index }]));
          return studies.map((study, position) => {
            const found = byUid.get(study.studyInstanceUid);
            return {
              ...study,
              sentinelle: found?.entry ?? null,
              // The bridge orders its worklist (urgent, screening category, probability); others go last.
              sentinelleRank: found ? found.index : 1_000_000 + position,
            };
          });
        };
        return dataSource;
      },
    },
  ];
}
