import {
  OrderflowError,
  deterministicId,
  fingerprint,
  hasErrorCode,
  validationFailed,
  type Clock,
  type CommandRunner,
  type StreamStore,
} from '@orderflow/core';
import {
  orderDecider,
  orderStream,
  priceOrder,
  validateOrderHeader,
  validateRequestedLines,
  type OrderLine,
  type RequestedLine,
} from '@orderflow/domain';
import type { PriceLookup } from './catalog.ts';
import { checkOrderCoupons, normaliseCouponCodes, type CouponLookup } from './coupons.ts';

/**
 * placeOrder's input. `currency` (ISO 4217) defaults to the products' currency; a line's
 * `unitPrice` (minor units), when sent, is the price the client expects to pay, not a price it
 * sets: the order is priced from the catalog.
 */
export interface PlaceOrderInput {
  readonly customerId: string;
  readonly currency?: string | null;
  readonly shippingCountry?: string | null;
  readonly lines: readonly RequestedLine[];
  /** Coupon codes, any case (normalised to upper case); at most 5. */
  readonly couponCodes?: readonly string[] | null;
  /**
   * The order's business time, ISO-8601 with a zone: when the customer placed it, for importing
   * an order history (the resolver lets only admin keys give it). Default: the clock's now.
   * Recorded as UTC; not later than now (+ 60 s of clock skew).
   */
  readonly placedAt?: string | null;
}

/** What {@link placeOrder} needs: the event store, the clock, the catalog's prices and coupons. */
export interface PlaceOrderDeps {
  readonly store: StreamStore;
  /**
   * Runs PlaceOrder (with `no_stream`). The process' cached command handler, so that the order's
   * state is cached where its process manager later confirms or cancels it (in one process: no
   * read of the order stream for that).
   */
  readonly run: CommandRunner;
  readonly clock: Clock;
  readonly prices: PriceLookup;
  readonly coupons: CouponLookup;
}

/**
 * Places an order exactly once per (customerId, idempotencyKey), priced from the catalog, at
 * `placedAt` (its business time; default now) and received now (`receivedAt`, the clock's).
 *
 * Every line is charged its SKU's current catalog price, recorded in OrderCreated as the order's
 * price snapshot (a later price change does not touch it). A `unitPrice` the client sends is an
 * expectation: when the catalog price differs the order is refused with PRICE_CHANGED.
 * Coupon codes are checked against their coupons' conditions ({@link checkOrderCoupons}) and
 * priced into the order (`priceOrder`: percent-off first, then amount-off, half-even); the
 * order's process manager then reserves each coupon, which decides the limits.
 *
 * The order id is uuidv5(customerId, key) and OrderCreated is appended with `no_stream`, so two
 * concurrent requests cannot both create it, on any event-store adapter. The event's id also
 * derives from a fingerprint of the request (customer, currency, lines as sent, country), so
 * an identical retry is deduplicated by the store and returns the original position; a request
 * that lost the race, or a retry after a price change, reads the stream and returns the first
 * result if the fingerprint (kept in the event metadata) matches.
 *
 * @returns the order id and the position of its OrderCreated event.
 * @throws VALIDATION_FAILED for bad input, including a `currency` other than the products'
 *   (`details.field` names it); NOT_FOUND for a SKU that is not in the catalog (`details.skus`);
 *   PRICE_CHANGED when an expected `unitPrice` differs from the catalog (`details.sku`,
 *   `unitPrice`, `currency`, `expectedUnitPrice`, and `mismatches` for every such line);
 *   NOT_FOUND (`details.couponCode`) for an unknown coupon code; COUPON_REJECTED (`details.couponCode`,
 *   `reason`) for a coupon the order cannot use; IDEMPOTENCY_KEY_REUSED when the key was used
 *   with different input. Nothing is written
 *   on any of them.
 */
export async function placeOrder(
  { store, run, clock, prices, coupons }: PlaceOrderDeps,
  input: PlaceOrderInput,
  idempotencyKey: string,
): Promise<{ orderId: string; position: bigint }> {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '' || idempotencyKey.length > 200) {
    throw validationFailed('idempotencyKey must be 1 to 200 characters', { field: 'idempotencyKey' });
  }
  const orderId = deterministicId('order', input.customerId, idempotencyKey);
  const receivedAt = clock.now().toISOString();
  const given = {
    orderId,
    customerId: input.customerId,
    currency: input.currency ?? null,
    placedAt: input.placedAt ?? receivedAt,
    receivedAt,
    shippingCountry: input.shippingCountry ?? null,
  };
  validateOrderHeader(given);
  // Stored in UTC, so that the reports' days and hours (the text's first characters) are UTC ones.
  const header = { ...given, placedAt: new Date(given.placedAt).toISOString() };
  const requested = validateRequestedLines(input.lines);
  const couponCodes = normaliseCouponCodes(input.couponCodes);
  const catalog = await prices(requested.map((l) => l.sku));
  const unknown = requested.filter((l) => !catalog.has(l.sku)).map((l) => l.sku);
  if (unknown.length > 0)
    throw new OrderflowError('NOT_FOUND', `not in the catalog: ${unknown.join(', ')}`, { skus: unknown });
  const currency = orderCurrency(header.currency, requested, (sku) => catalog.get(sku)!.currency);
  const lines: OrderLine[] = requested.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: catalog.get(l.sku)!.unitPrice,
  }));
  // The request as the client sent it, so that a retry matches its first result whatever the
  // catalog says by then. Requests that carry every price (all of them, before prices came
  // from the catalog) fingerprint exactly as they always did.
  const requestFingerprint = fingerprint({
    customerId: input.customerId,
    currency,
    lines: requested,
    ...(header.shippingCountry === null ? {} : { shippingCountry: header.shippingCountry }),
    ...(couponCodes.length === 0 ? {} : { couponCodes }),
    ...(input.placedAt == null ? {} : { placedAt: header.placedAt }),
  });
  const stream = orderStream(orderId);
  const firstResult = async () => {
    const [first] = await store.readStream(stream, { maxCount: 1 }).catch((error: unknown) => {
      if (hasErrorCode(error, 'STREAM_NOT_FOUND')) return [];
      throw error;
    });
    if (!first) return null;
    if (first.type === 'OrderCreated' && first.metadata.requestFingerprint === requestFingerprint)
      return { orderId, position: first.position };
    throw new OrderflowError(
      'IDEMPOTENCY_KEY_REUSED',
      'this idempotency key was already used for a different order',
      {
        idempotencyKey,
        orderId,
      },
    );
  };
  const mismatches = requested.flatMap((l, i) =>
    l.unitPrice != null && l.unitPrice !== lines[i]!.unitPrice
      ? [{ sku: l.sku, unitPrice: lines[i]!.unitPrice, currency, expectedUnitPrice: l.unitPrice }]
      : [],
  );
  if (mismatches.length > 0) {
    const earlier = await firstResult();
    if (earlier) return earlier;
    const [first] = mismatches as [(typeof mismatches)[number]];
    throw new OrderflowError(
      'PRICE_CHANGED',
      `the price of ${first.sku} is ${first.unitPrice} ${currency} (minor units), not ${first.expectedUnitPrice}`,
      { ...first, mismatches },
    );
  }
  // The pricing function itself (exact in BigInt), before any coupon.
  const { subtotal } = priceOrder(lines, currency, []);
  const couponTerms = await checkOrderCoupons(coupons, couponCodes, {
    orderId,
    customerId: input.customerId,
    currency,
    subtotal,
    skus: lines.map((l) => l.sku),
    placedAt: header.placedAt,
  }).catch(async (error: unknown) => {
    // A retry of an order placed before its coupon was disabled or expired returns that order.
    const earlier = await firstResult();
    if (earlier) return earlier;
    throw error;
  });
  if (!Array.isArray(couponTerms)) return couponTerms;
  try {
    const result = await run(
      orderDecider,
      stream,
      {
        type: 'PlaceOrder',
        data: { ...header, currency, lines, coupons: couponTerms },
        metadata: {
          commandId: deterministicId('place-order', orderId, requestFingerprint),
          correlationId: orderId,
          idempotencyKey,
          extra: { requestFingerprint },
        },
      },
      { expectedRevision: 'no_stream' },
    );
    return { orderId, position: result.position! };
  } catch (error) {
    if (!hasErrorCode(error, 'WRONG_EXPECTED_VERSION')) throw error;
    const earlier = await firstResult();
    if (earlier) return earlier;
    throw error;
  }
}

/**
 * The order's currency: the one asked for, which every product must be priced in, or else the
 * products' common currency.
 * @throws OrderflowError VALIDATION_FAILED (`field: 'currency'`) when a product is priced in
 *   another currency than the one asked for, or the products' currencies differ.
 */
function orderCurrency(
  asked: string | null,
  lines: readonly RequestedLine[],
  currencyOf: (sku: string) => string,
): string {
  const currency = asked ?? currencyOf(lines[0]!.sku);
  const other = lines.find((l) => currencyOf(l.sku) !== currency);
  if (other) {
    throw validationFailed(
      asked === null
        ? `the products are priced in different currencies (${other.sku} in ${currencyOf(other.sku)}); an order has one currency`
        : `${other.sku} is priced in ${currencyOf(other.sku)}, not ${asked}`,
      { field: 'currency', sku: other.sku, productCurrency: currencyOf(other.sku) },
    );
  }
  return currency;
}
