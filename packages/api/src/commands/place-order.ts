import {
  OrderflowError,
  deterministicId,
  fingerprint,
  handleCommand,
  hasErrorCode,
  validationFailed,
  type Clock,
  type StreamStore,
} from '@orderflow/core';
import { orderDecider, orderStream, validatePlaceOrder, type OrderLine } from '@orderflow/domain';

/** placeOrder's input: amounts in minor units of `currency` (default GBP). */
export interface PlaceOrderInput {
  readonly customerId: string;
  readonly currency?: string | null;
  readonly shippingCountry?: string | null;
  readonly lines: readonly OrderLine[];
}

/**
 * Places an order exactly once per (customerId, idempotencyKey).
 *
 * The order id is uuidv5(customerId, key) and OrderCreated is appended with `no_stream`, so two
 * concurrent requests cannot both create it, on any event-store adapter. The event's id also
 * derives from a fingerprint of the input, so an identical retry is deduplicated by the store
 * and returns the original position; a request that lost the race reads the stream and returns
 * the first result if the fingerprint (kept in the event metadata) matches.
 *
 * @returns the order id and the position of its OrderCreated event.
 * @throws VALIDATION_FAILED for bad input (nothing is written);
 * @throws IDEMPOTENCY_KEY_REUSED when the key was used with different input.
 */
export async function placeOrder(
  store: StreamStore,
  clock: Clock,
  input: PlaceOrderInput,
  idempotencyKey: string,
): Promise<{ orderId: string; position: bigint }> {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '' || idempotencyKey.length > 200) {
    throw validationFailed('idempotencyKey must be 1 to 200 characters', { field: 'idempotencyKey' });
  }
  const currency = input.currency ?? 'GBP';
  const lines = input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice }));
  const orderId = deterministicId('order', input.customerId, idempotencyKey);
  const data = {
    orderId,
    customerId: input.customerId,
    lines,
    currency,
    placedAt: clock.now().toISOString(),
    shippingCountry: input.shippingCountry ?? null,
  };
  validatePlaceOrder(data);
  // The country joins the fingerprint only when given, so retries of requests made before the
  // field existed still match their first result.
  const requestFingerprint = fingerprint({
    customerId: input.customerId,
    currency,
    lines,
    ...(data.shippingCountry === null ? {} : { shippingCountry: data.shippingCountry }),
  });
  const stream = orderStream(orderId);
  try {
    const result = await handleCommand(
      store,
      orderDecider,
      stream,
      {
        type: 'PlaceOrder',
        data,
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
    const [first] = await store.readStream(stream, { maxCount: 1 });
    if (first?.type === 'OrderCreated' && first.metadata.requestFingerprint === requestFingerprint) {
      return { orderId, position: first.position };
    }
    throw new OrderflowError(
      'IDEMPOTENCY_KEY_REUSED',
      'this idempotency key was already used for a different order',
      {
        idempotencyKey,
        orderId,
      },
    );
  }
}
