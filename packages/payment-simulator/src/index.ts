/**
 * Payment-provider simulators for development: the in-process one that `orderflow serve` runs
 * without Kafka, and (`@orderflow/payment-simulator/kafka-provider`) the separate process that
 * speaks Kafka.
 */
export * from './approval.ts';
export * from './simulator.ts';
export * from './migration.ts';
