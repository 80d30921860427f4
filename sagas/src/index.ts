export * from './runtime/process-manager.ts';
export * from './runtime/schema.ts';
export * from './runtime/dispatcher.ts';
export * from './runtime/processor.ts';
export * from './order-fulfillment/index.ts';
