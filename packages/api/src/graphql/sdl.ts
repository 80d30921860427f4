import { couponSchema } from './coupon-schema.ts';
import { stockAlertSchema } from './stock-alert-schema.ts';
import { moneySchema } from './money.ts';
import { refundSchema } from './refund-schema.ts';
import { reportSchema } from './report-schema.ts';
import { sagaSchema } from './saga-schema.ts';
import { schema } from './schema.ts';

/** The whole GraphQL schema the API serves (SDL): scalars, orders and catalog, coupons, stock alerts, refunds, reports, sagas. */
export const sdl = [
  moneySchema,
  schema,
  couponSchema,
  stockAlertSchema,
  refundSchema,
  reportSchema,
  sagaSchema,
].join('\n');
