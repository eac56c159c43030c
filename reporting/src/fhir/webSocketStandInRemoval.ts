import { webSocketStandInInstalled } from './webSocketStandIn';

// @medplum/core has been evaluated by now (./medplum.ts imports it between the two modules): the
// stand-in goes, so that no other library mistakes it for a real WebSocket.
if (webSocketStandInInstalled) delete (globalThis as { WebSocket?: unknown }).WebSocket;
