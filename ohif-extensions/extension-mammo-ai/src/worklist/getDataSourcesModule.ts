/* eslint-disable @typescript-eslint/no-explicit-any */
import { BridgeApi } from '../api/bridgeApi';
import { followLiveEvents, setWorklistRefresher } from './liveWorklist';
import { toStudyRow, worklistSearchOf, type StudyRow } from './worklistRows';

/**
 * OHIF's DICOMweb data source whose study search is the bridge's worklist: the reading list in
 * the bridge's order (urgent first, then the consultations for the user, then the screening
 * category and probability), with the patient's ID and age, the description, the AI's reading,
 * the read status and the consultations; searched by name, PatientID and accession number within
 * the user's patient scope (the bridge opens sealed values, and audits the search). Series,
 * instances and images still come over DICOMweb.
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
        const apiRoot = String(configuration.bridgeApiRoot);
        const api = new BridgeApi(apiRoot);
        setWorklistRefresher(extensionManager, configuration);
        dataSource.query.studies.search = async (filters?: Record<string, unknown>): Promise<StudyRow[]> => {
          const [entries, session] = await Promise.all([
            api.worklist(worklistSearchOf(filters)),
            api.session(),
          ]);
          followLiveEvents(apiRoot, servicesManager);
          const canFlag = session.user?.permissions.includes('patient:write') ?? false;
          return entries.map((entry, rank) => toStudyRow(entry, rank, canFlag));
        };
        return dataSource;
      },
    },
  ];
}
