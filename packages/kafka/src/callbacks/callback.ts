/**
 * A payment provider's answer to a payment request, as it arrives on payments.callbacks
 * (JSON; see CONTRACT.md). Unknown fields are ignored, so the provider can add fields.
 */
export interface PaymentCallback {
  /** Unique per answer; a redelivered answer repeats it. Orderflow applies each id once. */
  readonly callbackId: string;
  /**
   * What is answered: `payment` (a payment request; the default, as before this field) or
   * `refund` (a refund request, named by `refundId`).
   */
  readonly type: 'payment' | 'refund';
  /** The `paymentId` of the request. */
  readonly paymentId: string;
  /** With `type: refund`: the `refundId` of the refund request. */
  readonly refundId?: string;
  readonly outcome: 'approved' | 'declined';
  /** The provider's reference of the charge; required when approved. */
  readonly providerRef?: string;
  /** Why the payment was declined (free text); default `DECLINED`. */
  readonly reason?: string;
  /** When the provider decided, ISO-8601 with a zone. */
  readonly occurredAt: string;
}

/** What {@link parsePaymentCallback} made of a message value. */
export type ParsedCallback =
  { readonly ok: true; readonly callback: PaymentCallback } | { readonly ok: false; readonly error: string };

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ID = 200;
const MAX_REASON = 500;

const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/**
 * Validates a callback message value (UTF-8 JSON object). Every field is checked for type and
 * size: ids and `providerRef` 1–200 characters (`refundId` required with `type: refund`), `reason` 1–500, `occurredAt` an ISO-8601
 * date-time with a zone that is a real date. Never throws: a bad value gives `ok: false` with a
 * message naming the field.
 */
export function parsePaymentCallback(value: Buffer | string | null): ParsedCallback {
  if (value === null || value.length === 0) return { ok: false, error: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, error: `value is not JSON: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'value must be a JSON object' };
  }
  const {
    callbackId,
    type = 'payment',
    paymentId,
    refundId,
    outcome,
    providerRef,
    reason,
    occurredAt,
  } = json as Record<string, unknown>;
  const fail = (error: string): ParsedCallback => ({ ok: false, error });
  if (!text(callbackId, MAX_ID)) return fail(`callbackId must be a string of 1-${MAX_ID} characters`);
  if (type !== 'payment' && type !== 'refund') return fail('type must be "payment" or "refund"');
  if (!text(paymentId, MAX_ID)) return fail(`paymentId must be a string of 1-${MAX_ID} characters`);
  if (type === 'refund' && !text(refundId, MAX_ID)) {
    return fail(`refundId must be a string of 1-${MAX_ID} characters for a refund`);
  }
  if (outcome !== 'approved' && outcome !== 'declined') {
    return fail(`outcome must be "approved" or "declined"`);
  }
  if (providerRef !== undefined && !text(providerRef, MAX_ID)) {
    return fail(`providerRef must be a string of 1-${MAX_ID} characters`);
  }
  if (outcome === 'approved' && providerRef === undefined)
    return fail('providerRef is required when approved');
  if (reason !== undefined && !text(reason, MAX_REASON)) {
    return fail(`reason must be a string of 1-${MAX_REASON} characters`);
  }
  if (typeof occurredAt !== 'string' || !ISO_TIMESTAMP.test(occurredAt) || isNaN(Date.parse(occurredAt))) {
    return fail('occurredAt must be an ISO-8601 date-time with a zone');
  }
  return {
    ok: true,
    callback: {
      callbackId,
      type,
      paymentId,
      ...(type === 'refund' && { refundId: refundId as string }),
      outcome,
      ...(providerRef !== undefined && { providerRef }),
      ...(reason !== undefined && { reason }),
      occurredAt,
    },
  };
}
