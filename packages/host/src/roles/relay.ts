import { startKafkaIntegration, type KafkaIntegration } from '@orderflow/kafka';
import { collectConsumerLag } from '../metrics/collectors.ts';
import type { Infrastructure } from '../infrastructure.ts';
import type { RunningRole } from './role-status.ts';
import { superviseRole } from './supervise.ts';

/** Kafka settings of the relay role (config KAFKA_BROKERS, KAFKA_TOPIC_PREFIX). */
export interface RelayOptions {
  readonly brokers: readonly string[];
  /** Put in front of every topic and consumer group name (tests, shared clusters). */
  readonly topicPrefix?: string;
  readonly clientId?: string;
}

/**
 * Starts the relay role over `infra` (knex pool `relay`): the integration-event relay (events
 * out to Kafka, by the process holding its lock) and the payment callback consumer (a Kafka
 * consumer group member). Brokers that cannot be reached make the role `retrying` until they
 * can: at start, and later once the callback consumer has not heard from them for 3 s.
 */
export async function startRelay(infra: Infrastructure, options: RelayOptions): Promise<RunningRole> {
  const log = infra.logger.child({ role: 'relay' });
  // Registered once per process; reads whichever integration the supervised role runs now.
  let running: KafkaIntegration | null = null;
  collectConsumerLag(infra.metrics, async () => {
    const kafka = running;
    if (!kafka) return [];
    const partitions = await kafka.callbackLag();
    const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
    return partitions.length === 0
      ? []
      : [{ group: kafka.callbackGroupId, topic: kafka.topics.paymentCallbacks, lag }];
  });
  return superviseRole(
    'relay',
    async () => {
      const kafka = await startKafkaIntegration({
        db: infra.db('relay'),
        store: infra.store,
        run: infra.run,
        ...options,
        onError: (err) => log.error({ err }, 'kafka relay'),
        logger: log,
      });
      running = kafka;
      return {
        // The callback consumer too: while the brokers are away, it is `retrying` and /ready says so.
        processors: () => [kafka.relay.status(), { name: 'payment-callbacks', ...kafka.callbacks.health() }],
        statuses: () => [kafka.relay.status()],
        stop: () => {
          if (running === kafka) running = null;
          return kafka.stop();
        },
      };
    },
    infra.logger,
  );
}
