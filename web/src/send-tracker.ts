// Watches Web Chat's actions to know whether Direct Line is connected and whether an event we
// dispatched was accepted by the channel (POST_ACTIVITY_FULFILLED) or failed (…_REJECTED).
import type { StoreMiddleware } from './webchat-types.js';

const SEND_TIMEOUT_MS = 20_000;

export interface SendTracker {
  middleware: StoreMiddleware;
  expectEvent(name: string): Promise<boolean>;
  connected(): boolean;
}

export function createSendTracker(): SendTracker {
  let isConnected = false;
  const waiting: { name: string; resolve: (sent: boolean) => void }[] = []; // in dispatch order, until their post starts
  const inFlight = new Map<string, (sent: boolean) => void>(); // clientActivityID → resolve

  const middleware: StoreMiddleware = () => (next) => (action) => {
    const result = next(action);
    const clientId = action.meta?.clientActivityID;
    switch (action.type) {
      case 'DIRECT_LINE/CONNECT_FULFILLED':
      case 'DIRECT_LINE/RECONNECT_FULFILLED':
        isConnected = true;
        break;
      case 'DIRECT_LINE/DISCONNECT_FULFILLED':
      case 'DIRECT_LINE/CONNECT_REJECTED':
        isConnected = false;
        break;
      case 'DIRECT_LINE/POST_ACTIVITY_PENDING': {
        const activity = action.payload?.activity;
        const index = activity?.type === 'event' ? waiting.findIndex((entry) => entry.name === activity.name) : -1;
        if (index >= 0 && clientId) inFlight.set(clientId, waiting.splice(index, 1)[0].resolve);
        break;
      }
      case 'DIRECT_LINE/POST_ACTIVITY_FULFILLED':
      case 'DIRECT_LINE/POST_ACTIVITY_REJECTED': {
        const resolve = clientId ? inFlight.get(clientId) : undefined;
        if (resolve && clientId) {
          inFlight.delete(clientId);
          resolve(action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED');
        }
        break;
      }
    }
    return result;
  };

  function expectEvent(name: string): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value: boolean) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      waiting.push({ name, resolve: settle });
      setTimeout(() => {
        const index = waiting.findIndex((entry) => entry.resolve === settle);
        if (index >= 0) waiting.splice(index, 1);
        settle(false);
      }, SEND_TIMEOUT_MS);
    });
  }

  return { middleware, expectEvent, connected: () => isConnected };
}
