import { validationFailed } from '@orderflow/core';
import {
  requireCurrency,
  requireIsoTimestamp,
  requireNonEmptyString,
  requirePositiveInteger,
  requireSku,
} from '../shared/validation.ts';
import type { PlaceOrder } from './commands.ts';

/** Most lines one order may have. */
export const MAX_ORDER_LINES = 500;
/** Most units of one SKU one order line may ask for. */
export const MAX_LINE_QUANTITY = 1_000_000;
/** Longest customer id, in UTF-16 code units. */
export const MAX_CUSTOMER_ID_LENGTH = 100;
/** Longest shipping country, in UTF-16 code units (the longest English country name has 56). */
export const MAX_SHIPPING_COUNTRY_LENGTH = 60;

/** An order line as a client asks for it: the price is optional (it comes from the catalog). */
export interface RequestedLine {
  readonly sku: string;
  readonly quantity: number;
  /** The price the client expects to pay, minor units; absent or null when it did not say. */
  readonly unitPrice?: number | null;
}

/**
 * Checks the lines of an order request before anything is looked up: 1–500 lines, each `sku` a
 * valid SKU (1–64 of letters, digits, `_-.`) appearing once, `quantity` an integer in
 * 1..1,000,000, `unitPrice` absent, null, or a positive safe integer (minor units).
 * @returns copies of the lines with only those three fields.
 * @throws OrderflowError VALIDATION_FAILED with `details.field` naming the offending path
 *   (`lines`, `lines[2].sku`, `lines[0].quantity`, …).
 */
export function validateRequestedLines(lines: unknown): RequestedLine[] {
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_ORDER_LINES) {
    throw validationFailed(`an order needs 1 to ${MAX_ORDER_LINES} lines`, { field: 'lines' });
  }
  const seen = new Set<string>();
  return lines.map((line: unknown, i) => {
    if (typeof line !== 'object' || line === null) {
      throw validationFailed(`lines[${i}] must be an object`, { field: `lines[${i}]` });
    }
    const { sku, quantity, unitPrice } = line as Record<string, unknown>;
    requireSku(sku, `lines[${i}].sku`);
    if (seen.has(sku)) {
      throw validationFailed(`SKU ${sku} appears on more than one line`, { field: `lines[${i}].sku` });
    }
    seen.add(sku);
    requirePositiveInteger(quantity, `lines[${i}].quantity`, MAX_LINE_QUANTITY);
    if (unitPrice != null) requirePositiveInteger(unitPrice, `lines[${i}].unitPrice`);
    return unitPrice == null ? { sku, quantity } : { sku, quantity, unitPrice: unitPrice as number };
  });
}

/**
 * How far `placedAt` may be ahead of `receivedAt`, ms: the client's clock may run a little fast;
 * an order placed later than that is in the future.
 */
const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * Checks what a PlaceOrder says besides its lines: `orderId` non-empty; `customerId` non-empty,
 * without surrounding whitespace, ≤ 100 chars; `currency`, when given, matches /^[A-Z]{3}$/;
 * `placedAt` ISO-8601; `receivedAt`, when given, ISO-8601 and not more than
 * {@link MAX_CLOCK_SKEW_MS} before `placedAt` (no order placed in the future); `shippingCountry`
 * absent, null or a non-empty trimmed string of ≤ 60 chars. The API runs it before looking
 * prices up.
 * @throws OrderflowError VALIDATION_FAILED with `details.field` naming the offending field.
 */
export function validateOrderHeader(
  data: Pick<PlaceOrder['data'], 'orderId' | 'customerId' | 'placedAt' | 'receivedAt' | 'shippingCountry'> & {
    readonly currency?: string | null;
  },
): void {
  requireNonEmptyString(data.orderId, 'orderId');
  requireNonEmptyString(data.customerId, 'customerId', MAX_CUSTOMER_ID_LENGTH);
  if (data.customerId !== data.customerId.trim()) {
    throw validationFailed('customerId must not start or end with whitespace', { field: 'customerId' });
  }
  if (data.currency != null) requireCurrency(data.currency, 'currency');
  requireIsoTimestamp(data.placedAt, 'placedAt');
  if (data.receivedAt !== undefined) {
    requireIsoTimestamp(data.receivedAt, 'receivedAt');
    if (Date.parse(data.placedAt) - Date.parse(data.receivedAt) > MAX_CLOCK_SKEW_MS) {
      throw validationFailed(`placedAt ${data.placedAt} is in the future (received ${data.receivedAt})`, {
        field: 'placedAt',
      });
    }
  }
  if (data.shippingCountry != null) {
    requireNonEmptyString(data.shippingCountry, 'shippingCountry', MAX_SHIPPING_COUNTRY_LENGTH);
    if (data.shippingCountry !== data.shippingCountry.trim()) {
      throw validationFailed('shippingCountry must not start or end with whitespace', {
        field: 'shippingCountry',
      });
    }
  }
}

/**
 * Checks a PlaceOrder's data without looking at any state, so the API can reject bad input
 * before touching the event store. The decider runs the same checks.
 *
 * Rules: `orderId` non-empty; `customerId` non-empty, without surrounding whitespace, ≤ 100
 * chars; 1–500 `lines`; each `sku` a valid SKU (1–64 of letters, digits, `_-.`), no SKU twice;
 * `quantity` an integer in 1..1,000,000; `unitPrice` a positive safe integer (minor units);
 * `currency` matches /^[A-Z]{3}$/; `placedAt` ISO-8601; `shippingCountry` absent, null or a
 * non-empty trimmed string of ≤ 60 chars; the total Σ quantity·unitPrice is a safe integer.
 *
 * @returns the order total in minor units of `currency`.
 * @throws OrderflowError VALIDATION_FAILED with `details.field` naming the offending path,
 *   e.g. `customerId`, `lines`, `lines[2].quantity`, `total`.
 */
export function validatePlaceOrder(data: PlaceOrder['data']): number {
  validateOrderHeader(data);
  requireCurrency(data.currency, 'currency');
  const lines = validateRequestedLines(data.lines);
  let total = 0n;
  lines.forEach((line, i) => {
    requirePositiveInteger(line.unitPrice, `lines[${i}].unitPrice`);
    // BigInt keeps the sum exact, so an overflow is detected rather than rounded away.
    total += BigInt(line.quantity) * BigInt(line.unitPrice);
  });
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw validationFailed('the order total exceeds the largest safe integer', { field: 'total' });
  }
  return Number(total);
}
