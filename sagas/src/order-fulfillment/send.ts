import type { CommandRunner } from '@orderflow/core';
import {
  couponDecider,
  couponStream,
  inventoryDecider,
  inventoryStream,
  orderDecider,
  orderStream,
  paymentDecider,
  paymentStream,
} from '@orderflow/domain';
import { routedSender, type CommandRoutes } from '../runtime/command-routes.ts';
import type { CommandSender } from '../runtime/process-manager.ts';
import type { FulfillmentCommand } from './messages.ts';

const ROUTES: CommandRoutes<FulfillmentCommand> = {
  ReserveCoupon: (run, data, metadata) =>
    run(couponDecider, couponStream(data.code), { type: 'ReserveCoupon', data, metadata }),
  RedeemCoupon: (run, data, metadata) =>
    run(couponDecider, couponStream(data.code), { type: 'RedeemCoupon', data, metadata }),
  ReleaseCoupon: (run, data, metadata) =>
    run(couponDecider, couponStream(data.code), { type: 'ReleaseCoupon', data, metadata }),
  ReserveStock: (run, data, metadata) =>
    run(inventoryDecider, inventoryStream(data.sku), { type: 'ReserveStock', data, metadata }),
  ReleaseStock: (run, data, metadata) =>
    run(inventoryDecider, inventoryStream(data.sku), { type: 'ReleaseStock', data, metadata }),
  CommitStock: (run, data, metadata) =>
    run(inventoryDecider, inventoryStream(data.sku), { type: 'CommitStock', data, metadata }),
  RequestPayment: (run, data, metadata) =>
    run(paymentDecider, paymentStream(data.paymentId), { type: 'RequestPayment', data, metadata }),
  VoidPayment: (run, data, metadata) =>
    run(paymentDecider, paymentStream(data.paymentId), { type: 'VoidPayment', data, metadata }),
  ConfirmOrder: (run, data, metadata) =>
    run(orderDecider, orderStream(data.orderId), { type: 'ConfirmOrder', data, metadata }),
  CancelOrder: (run, data, metadata) =>
    run(orderDecider, orderStream(data.orderId), { type: 'CancelOrder', data, metadata }),
};

/** The order a command is about: its `orderId`, or for a payment its id (= the order id). */
const orderIdOf = (data: FulfillmentCommand['data']): string =>
  'orderId' in data ? data.orderId : data.paymentId;

/** Routes `type`'s `data` (correlated through the generic `T`, so no cast is needed). */
/**
 * Sends OrderFulfillment's commands to their aggregates through the (cached) command handler, with the
 * command id as causation (event ids derive from it) and the order id as correlation id.
 * @throws Error for a command type no aggregate handles (an outbox row written by another
 *   release; a programming error).
 */
export function fulfillmentSender(run: CommandRunner): CommandSender<FulfillmentCommand> {
  return routedSender(run, ROUTES, orderIdOf);
}
