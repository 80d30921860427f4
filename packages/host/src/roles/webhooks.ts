import { startWebhooks, type DeliveryPolicy } from '@orderflow/webhooks';
import type { Infrastructure } from '../infrastructure.ts';
import type { RunningRole } from './role-status.ts';
import { superviseRole } from './supervise.ts';

/** Settings of the webhooks role (config WEBHOOK_TIMEOUT_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_*). */
export type WebhooksRoleOptions = Partial<DeliveryPolicy>;

/**
 * Starts the webhooks role over `infra` (knex pool `webhooks`): the `webhooks` processor, which
 * enqueues each low-stock alert for every registered endpoint with its checkpoint, and — in the
 * process holding its lock — the delivery worker that POSTs them signed, with retries. An
 * endpoint that starts failing is logged once at warn, and once at info when it answers again.
 */
export async function startWebhooksRole(
  infra: Infrastructure,
  policy: WebhooksRoleOptions = {},
): Promise<RunningRole> {
  const log = infra.logger.child({ role: 'webhooks' });
  const { webhookAttempts, webhookAttemptDuration } = infra.metrics;
  return superviseRole(
    'webhooks',
    async () => {
      const webhooks = await startWebhooks(infra.db('webhooks'), infra.store, {
        policy,
        onEndpoint: ({ endpointId, up, error }) =>
          up
            ? log.info({ endpointId }, 'webhook endpoint answers again')
            : log.warn(
                { endpointId, error },
                'webhook endpoint failing; retrying its deliveries with backoff',
              ),
        onAttempt: (result, seconds) => {
          webhookAttempts.inc({ result });
          webhookAttemptDuration.observe({ result }, seconds);
        },
        onError: (err) => log.warn({ err }, 'webhook delivery worker (retrying)'),
        onProcessorError: (err) => log.error({ err }, 'webhooks processor'),
      });
      return {
        processors: () => [webhooks.status()],
        statuses: () => [webhooks.status()],
        stop: () => webhooks.stop(),
      };
    },
    infra.logger,
  );
}
