import { couponSchema } from './coupon-schema.ts';
import { eventSchema } from './event-schema.ts';
import { stockAlertSchema } from './stock-alert-schema.ts';
import { moneySchema } from './money.ts';
import { orderSchema } from './order-schema.ts';
import { processorSchema } from './processor-schema.ts';
import { refundSchema } from './refund-schema.ts';
import { reportSchema } from './report-schema.ts';
import { sagaBatchSchema } from './saga-batch-schema.ts';
import { sagaSchema } from './saga-schema.ts';
import { schema } from './schema.ts';

/** The whole GraphQL schema the API serves (SDL): scalars, orders and catalog, read models and roots, coupons, stock alerts, refunds, reports, sagas and their batch actions, the event browser, processors. */
export const sdl = [
  moneySchema,
  orderSchema,
  schema,
  couponSchema,
  stockAlertSchema,
  refundSchema,
  reportSchema,
  sagaSchema,
  eventSchema,
  processorSchema,
  sagaBatchSchema,
].join('\n');
