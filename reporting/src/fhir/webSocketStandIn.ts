/**
 * Installs a stand-in global WebSocket while @medplum/core is evaluated (see ./medplum.ts). Node 20
 * has no global WebSocket (Node 22 does); @medplum/core reads `WebSocket.CLOSING` when its module is
 * evaluated, for a subscription client Sentinelle never starts. The stand-in holds the constants
 * only and refuses to open anything.
 */
const host = globalThis as { WebSocket?: unknown };

/** True when this module installed the stand-in, so that ./webSocketStandInRemoval removes it. */
export const webSocketStandInInstalled = host.WebSocket === undefined;

if (webSocketStandInInstalled) {
  host.WebSocket = class UnavailableWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    constructor() {
      throw new Error('WebSocket is not available in this Node.js runtime');
    }
  };
}
