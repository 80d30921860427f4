import { validationFailed } from '@orderflow/core';

/**
 * Input checks shared by the deciders. Each `require*` function throws
 * `OrderflowError` VALIDATION_FAILED with `details.field` set to the offending path
 * (e.g. `lines[2].quantity`) and returns normally otherwise. They check runtime types too,
 * because commands arrive from GraphQL/JSON and the compiler cannot vouch for them.
 */

/** A SKU: 1–64 ASCII letters, digits, `_`, `-` or `.` (no spaces). */
export const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** An ISO 4217 alphabetic currency code: three upper-case ASCII letters, e.g. `EUR`. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** An ISO-8601 date-time with seconds and an explicit zone, e.g. `2025-01-31T12:00:00.000Z`. */
const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True when `value` is a string matching {@link SKU_PATTERN}. */
export const isSku = (value: unknown): value is string =>
  typeof value === 'string' && SKU_PATTERN.test(value);

/** True when `value` is a string matching {@link CURRENCY_PATTERN}. */
export const isCurrencyCode = (value: unknown): value is string =>
  typeof value === 'string' && CURRENCY_PATTERN.test(value);

/** Requires a string with at least one non-blank character and at most `maxLength` characters. */
export function requireNonEmptyString(
  value: unknown,
  field: string,
  maxLength = Infinity,
): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw validationFailed(`${field} must be a non-empty string`, { field });
  }
  if (value.length > maxLength) {
    throw validationFailed(`${field} must be at most ${maxLength} characters`, { field, maxLength });
  }
}

/** Requires a SKU (see {@link SKU_PATTERN}). */
export function requireSku(value: unknown, field: string): asserts value is string {
  if (!isSku(value)) {
    throw validationFailed(`${field} must be 1-64 characters of letters, digits, '_', '-' or '.'`, { field });
  }
}

/** Requires an ISO 4217 currency code (see {@link CURRENCY_PATTERN}). */
export function requireCurrency(value: unknown, field: string): asserts value is string {
  if (!isCurrencyCode(value)) {
    throw validationFailed(`${field} must be a three-letter upper-case ISO 4217 code`, { field });
  }
}

/** Requires a safe integer in `1..max` (money in minor units, quantities). */
export function requirePositiveInteger(
  value: unknown,
  field: string,
  max = Number.MAX_SAFE_INTEGER,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw validationFailed(`${field} must be an integer between 1 and ${max}`, { field, max });
  }
}

/** Requires a safe integer ≥ 0. */
export function requireNonNegativeInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw validationFailed(`${field} must be an integer of at least 0`, { field });
  }
}

/** Requires an ISO-8601 date-time string with an explicit zone that denotes a real instant. */
export function requireIsoTimestamp(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !ISO_TIMESTAMP_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw validationFailed(`${field} must be an ISO-8601 date-time with a zone, e.g. 2025-01-31T12:00:00Z`, {
      field,
    });
  }
}

/**
 * Requires a command addressed to the stream it is applied to: `actual` (from the command) must
 * equal `expected` (from the state). Guards against a command routed to the wrong stream.
 */
export function requireSameId(actual: string, expected: string, field: string): void {
  if (actual !== expected) {
    throw validationFailed(`${field} ${actual} does not match the stream's ${field} ${expected}`, { field });
  }
}
