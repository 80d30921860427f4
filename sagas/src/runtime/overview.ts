/**
 * What an operator sees of a saga instance in a list, derived from its state by its process
 * manager ({@link ProcessManager.overview}); every field is null when the type has no such
 * notion. Amounts are integer minor units of `currency`.
 */
export interface SagaOverview {
  /** The order the saga works for. */
  readonly orderId: string | null;
  /** The customer who placed that order. */
  readonly customerId: string | null;
  /** The amount at stake (the order's total, the refund's amount), minor units. */
  readonly total: number | null;
  /** ISO 4217 code of `total`. */
  readonly currency: string | null;
  /**
   * How it ended or is ending: e.g. `CONFIRMED`, a cancellation reason (`OUT_OF_STOCK`,
   * `PAYMENT_TIMEOUT`…), `REFUNDED`; null while nothing is decided.
   */
  readonly outcome: string | null;
  /** What it waits for now, or its last step once ended (e.g. `awaiting payment`). */
  readonly currentStep: string | null;
  /**
   * Values an operator searches it by (order id, customer id, SKUs, …); stored once, when the
   * instance starts (see migration 0105), besides its instance id.
   */
  readonly searchKeys: readonly string[];
}

/** The overview of a type without {@link ProcessManager.overview}. */
export const EMPTY_OVERVIEW: SagaOverview = {
  orderId: null,
  customerId: null,
  total: null,
  currency: null,
  outcome: null,
  currentStep: null,
  searchKeys: [],
};

/**
 * The overview of a saga of type `saga` in `state`, by its process manager in `managers`;
 * {@link EMPTY_OVERVIEW} for a type without one, or a state it cannot read (a shape of an older
 * release): a list must show the row whatever its state holds.
 */
export function overviewOf(
  managers: ReadonlyMap<string, { overview?(state: never): SagaOverview }>,
  saga: string,
  state: unknown,
): SagaOverview {
  const pm = managers.get(saga);
  if (!pm?.overview || state === null || typeof state !== 'object') return EMPTY_OVERVIEW;
  try {
    return (pm.overview as (s: unknown) => SagaOverview)(state);
  } catch {
    return EMPTY_OVERVIEW;
  }
}
