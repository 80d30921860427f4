export {
  connectEsdbEventStore,
  createEsdbEventStore,
  type EsdbEventStoreOptions,
} from './esdb-event-store.ts';
export type { ResubscribeOptions } from './subscription.ts';
export { decodePosition, encodePosition, NO_POSITION } from './position.ts';
