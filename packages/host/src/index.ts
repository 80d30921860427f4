/**
 * The composition root of Orderflow: configuration, the event store, the migration registry,
 * the infrastructure the roles of one process share, and one start function per role
 * (`startApi`, `startProjectors`, `startSagaWorker`, `startRelay`, `startSimulator`,
 * `startWebhooksRole`), composed
 * by `startHost` (`orderflow serve --role …`) and `startOrderflow` (every role, migrated first).
 */
export * from './config.ts';
export * from './event-store.ts';
export * from './migrations.ts';
export * from './infrastructure.ts';
export * from './readiness.ts';
export * from './roles/role-name.ts';
export * from './roles/role-status.ts';
export * from './roles/api.ts';
export * from './roles/projectors.ts';
export * from './roles/saga-worker.ts';
export * from './roles/relay.ts';
export * from './roles/simulator.ts';
export * from './roles/webhooks.ts';
export * from './host.ts';
export {
  inspectEveryProcessor,
  processorCatalog,
  type CatalogEntry,
  type DeploymentShape,
} from './processor-catalog.ts';
export * from './orderflow.ts';
export { ORDER_STATUS_CHANNEL } from './channels/order-status-channel.ts';
export { SAGA_WAKE_CHANNEL } from './channels/saga-wake-channel.ts';
export * from './metrics/metrics.ts';
export { serveMetrics } from './metrics/graphql.ts';
