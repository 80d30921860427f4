import { couponSchema } from './coupon-schema.ts';
import { stockAlertSchema } from './stock-alert-schema.ts';
import { moneySchema } from './money.ts';
import { sagaSchema } from './saga-schema.ts';
import { schema } from './schema.ts';

/** The whole GraphQL schema the API serves (SDL): scalars, orders and catalog, coupons, sagas. */
export const sdl = [moneySchema, schema, couponSchema, stockAlertSchema, sagaSchema].join('\n');
