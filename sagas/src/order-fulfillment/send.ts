import type { Command, CommandRunner, Decider, Event } from '@orderflow/core';
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

type Route = { decider: Decider<unknown, Command, Event>; stream: (data: Record<string, unknown>) => string };

const inventory: Route = {
  decider: inventoryDecider as unknown as Route['decider'],
  stream: (d) => inventoryStream(String(d.sku)),
};
const payments: Route = {
  decider: paymentDecider as unknown as Route['decider'],
  stream: (d) => paymentStream(String(d.paymentId)),
};
const orders: Route = {
  decider: orderDecider as unknown as Route['decider'],
  stream: (d) => orderStream(String(d.orderId)),
};

const coupons: Route = {
  decider: couponDecider as unknown as Route['decider'],
  stream: (d) => couponStream(String(d.code)),
};

const ROUTES: Record<string, Route> = {
  ReserveCoupon: coupons,
  RedeemCoupon: coupons,
  ReleaseCoupon: coupons,
  ReserveStock: inventory,
  ReleaseStock: inventory,
  CommitStock: inventory,
  RequestPayment: payments,
  VoidPayment: payments,
  ConfirmOrder: orders,
  CancelOrder: orders,
};

/**
 * Sends OrderFulfillment's commands to their aggregates through the (cached) command handler, with the
 * command id as causation (event ids derive from it) and the order id as correlation id.
 * @throws Error for a command type no aggregate handles (a programming error).
 */
export function fulfillmentSender(run: CommandRunner): CommandSender {
  return async (command: SagaCommand) => {
    const route = ROUTES[command.type];
    if (!route) throw new Error(`no aggregate handles ${command.type}`);
    const orderId = String(command.data.orderId ?? command.data.paymentId ?? '');
    await run(route.decider, route.stream(command.data), {
      type: command.type,
      data: command.data,
      metadata: { commandId: command.commandId, correlationId: orderId },
    });
  };
}
