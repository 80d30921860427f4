import type { CommandRunner } from '@orderflow/core';
import {
  inventoryDecider,
  inventoryStream,
  orderDecider,
  orderStream,
  paymentDecider,
  paymentStream,
} from '@orderflow/domain';
import { routedSender, type CommandRoutes } from '../runtime/command-routes.ts';
import type { CommandSender } from '../runtime/process-manager.ts';
import type { ReturnsCommand } from './messages.ts';

const ROUTES: CommandRoutes<ReturnsCommand> = {
  RequestRefund: (run, data, metadata) =>
    run(paymentDecider, paymentStream(data.paymentId), { type: 'RequestRefund', data, metadata }),
  FailRefund: (run, data, metadata) =>
    run(paymentDecider, paymentStream(data.paymentId), { type: 'FailRefund', data, metadata }),
  CompleteOrderRefund: (run, data, metadata) =>
    run(orderDecider, orderStream(data.orderId), { type: 'CompleteOrderRefund', data, metadata }),
  DeclineOrderRefund: (run, data, metadata) =>
    run(orderDecider, orderStream(data.orderId), { type: 'DeclineOrderRefund', data, metadata }),
  Restock: (run, data, metadata) =>
    run(inventoryDecider, inventoryStream(data.sku), { type: 'Restock', data, metadata }),
};

const correlationOf = (data: ReturnsCommand['data']): string =>
  'orderId' in data ? data.orderId : 'paymentId' in data ? data.paymentId : data.sku;

/**
 * Sends Returns' commands to their aggregates through the (cached) command handler, with the
 * command id as causation (event ids derive from it, so a resent Restock adds no stock twice)
 * and the order (= payment) id as correlation id; a Restock, which names only its SKU, the SKU.
 * @throws Error for a command type no aggregate handles (an outbox row of another release).
 */
export function returnsSender(run: CommandRunner): CommandSender<ReturnsCommand> {
  return routedSender(run, ROUTES, correlationOf);
}
