import { getCommandsModule } from './commands/getCommandsModule';
import { getHangingProtocolModule } from './hangingProtocols/getHangingProtocolModule';
import { registerMammoView } from './hangingProtocols/mammoView';
import { addPriorStudy } from './hangingProtocols/priorStudy';
import { startViewing, VIEWING_COMMANDS } from './hangingProtocols/viewing';
import { t } from './hangingProtocols/viewingStrings';
import { EXTENSION_ID } from './id';
import { registerAiFindingTool } from './overlay/aiFindingTool';
import { resetOverlaySettings } from './overlay/overlaySettings';
import { startOhifChrome } from './ohifChrome';
import { offerFrenchAndEnglishOnly } from './ohifLanguages';
import { getPanelModule } from './panels/getPanelModule';
import { closeStudySession, openStudySession } from './studySession';
import { getCustomizationModule, sortWorklistByAiFirst } from './worklist/getCustomizationModule';
import { getDataSourcesModule } from './worklist/getDataSourcesModule';

/**
 * Sentinelle's mammography AI extension: the worklist's AI columns (data source and
 * customization), the "Mammography AI" hanging protocol, the AI overlay tool, the findings and
 * reading panel, and the commands they share. The mode (mode-mammo-ai) composes them.
 */
const extension = {
  id: EXTENSION_ID,
  preRegistration: ({ servicesManager }: { servicesManager: unknown }) => {
    registerMammoView(servicesManager);
    sortWorklistByAiFirst();
    startOhifChrome();
    offerFrenchAndEnglishOnly();
  },
  getDataSourcesModule,
  getCustomizationModule,
  getHangingProtocolModule,
  getPanelModule,
  getCommandsModule,
  getUtilityModule: () => [
    {
      name: 'session',
      exports: {
        registerAiFindingTool,
        openStudySession,
        closeStudySession,
        resetOverlaySettings,
        addPriorStudy,
      },
    },
    {
      // Mammography viewing: labels, empty-viewport messages, 1:1 and comparison toggles, and the
      // words of the mode's toolbar in the reader's language.
      name: 'viewing',
      exports: { startViewing, commands: VIEWING_COMMANDS, t },
    },
  ],
};

export default extension;
