/** Test helpers other packages' tests may use (`@orderflow/api/testing`): never in production code. */
export { subscribe, type WsSubscription } from './ws-client.ts';
