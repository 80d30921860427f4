/**
 * Orderflow's Kafka integration (kafkajs): the integration-event relay (domain events out as
 * public, versioned integration events — CONTRACT.md) and the payment-provider callback consumer.
 */
export * from './topics.ts';
export * from './client.ts';
export * from './integration.ts';
export * from './contract/envelope.ts';
export * from './contract/orders.ts';
export * from './contract/inventory.ts';
export * from './contract/payments.ts';
export * from './contract/map.ts';
export * from './contract/kafka-message.ts';
export * from './relay/schema.ts';
export * from './relay/sender.ts';
export * from './relay/relay.ts';
export * from './callbacks/callback.ts';
export * from './callbacks/command.ts';
export * from './callbacks/dead-letter.ts';
export * from './callbacks/consumer.ts';
export * from './callbacks/liveness.ts';
export * from './group-lag.ts';
