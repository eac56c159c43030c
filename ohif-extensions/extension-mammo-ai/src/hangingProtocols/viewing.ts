/* eslint-disable @typescript-eslint/no-explicit-any */
import { LOG_TAG, MODULE_IDS } from '../id';
import type { CommandsManager, ServicesManager } from '../ohif';
import { mountViewportLabels, refreshViewportLabels } from '../overlay/viewportLabels';
import { STAGES } from './getHangingProtocolModule';
import { followTrueSize, onTrueSize, resetTrueSize, toggleTrueSize } from './trueSize';

/** The commands the mode's viewing buttons run (1:1, comparison). */
export const VIEWING_COMMANDS = {
  toggleTrueSize: 'sentinelleToggleTrueSize',
  toggleComparison: 'sentinelleToggleComparison',
} as const;

/** From the four views to current over prior, and back, through OHIF's own stage command. */
function toggleComparison(servicesManager: ServicesManager, commandsManager: CommandsManager): void {
  const { hangingProtocolService } = servicesManager.services;
  const { protocol, stage } = hangingProtocolService.getActiveProtocol();
  if (protocol?.id !== MODULE_IDS.hangingProtocol) {
    console.warn(LOG_TAG, 'comparison: the Mammography AI protocol is not the active one');
    return;
  }
  const stageId = stage?.id === STAGES.compare ? STAGES.screening : STAGES.compare;
  commandsManager.run({
    commandName: 'setHangingProtocol',
    commandOptions: { protocolId: MODULE_IDS.hangingProtocol, stageId },
  });
}

/**
 * What mammography viewing adds to the mode: view labels and empty-viewport messages, the 1:1
 * toggle and the comparison toggle. Returns the function that undoes it all (onModeExit).
 */
export function startViewing(servicesManager: ServicesManager, commandsManager: CommandsManager): () => void {
  const register = (name: string, commandFn: () => void) =>
    (commandsManager as any).registerCommand('CORNERSTONE', name, { commandFn });
  register(VIEWING_COMMANDS.toggleTrueSize, () => toggleTrueSize(servicesManager));
  register(VIEWING_COMMANDS.toggleComparison, () => toggleComparison(servicesManager, commandsManager));
  const undo = [
    mountViewportLabels(servicesManager),
    followTrueSize(servicesManager),
    onTrueSize(() => refreshViewportLabels(servicesManager)),
  ];
  return () => {
    for (const step of undo.reverse()) step();
    resetTrueSize();
  };
}
