/**
 * The one place Sentinelle imports @medplum/core from. Module evaluation follows import order: the
 * stand-in WebSocket exists while @medplum/core is evaluated and is removed right after.
 */
import './webSocketStandIn';
export {
  getDataType,
  indexStructureDefinitionBundle,
  isDataTypeLoaded,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import './webSocketStandInRemoval';
