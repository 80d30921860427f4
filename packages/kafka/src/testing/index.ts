/** Helpers for tests against the real broker (not exported by the package root). */
export * from './broker.ts';
export * from './topics.ts';
export * from './read-topic.ts';
export * from './log.ts';
export * from './order-flow.ts';
export * from './group.ts';
export * from './process.ts';
