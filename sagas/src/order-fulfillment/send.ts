import type { CommandMetadata, CommandRunner } from '@orderflow/core';
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
import type { CommandSender, SagaCommand } from '../runtime/process-manager.ts';
import type { FulfillmentCommand } from './messages.ts';

/** Each command type's `data`, by type. */
type CommandData = { [C in FulfillmentCommand as C['type']]: C['data'] };

/** How one command type reaches its aggregate: the decider and stream, typed by the command. */
type Routes = {
  [T in keyof CommandData]: (
    run: CommandRunner,
    data: CommandData[T],
    metadata: CommandMetadata,
  ) => Promise<unknown>;
};

const ROUTES: Routes = {
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
function route<T extends keyof CommandData>(
  run: CommandRunner,
  type: T,
  data: CommandData[T],
  metadata: CommandMetadata,
): Promise<unknown> {
  return ROUTES[type](run, data, metadata);
}

/**
 * Sends OrderFulfillment's commands to their aggregates through the (cached) command handler, with the
 * command id as causation (event ids derive from it) and the order id as correlation id.
 * @throws Error for a command type no aggregate handles (an outbox row written by another
 *   release; a programming error).
 */
export function fulfillmentSender(run: CommandRunner): CommandSender<FulfillmentCommand> {
  return async (command: SagaCommand<FulfillmentCommand>) => {
    if (!Object.hasOwn(ROUTES, command.type)) throw new Error(`no aggregate handles ${command.type}`);
    await route(run, command.type, command.data, {
      commandId: command.commandId,
      correlationId: orderIdOf(command.data),
    });
  };
}
