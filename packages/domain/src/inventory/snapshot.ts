import type { SnapshotCodec } from '@orderflow/core';
import type { InventoryState, ReservationSettlement } from './events.ts';

/** The JSON shape of an inventory snapshot (v2: v1 plus the low-stock threshold and alert): the state with its maps as entry lists. */
type InventorySnapshotV1 =
  | { status: 'unregistered'; settled: [string, ReservationSettlement][] }
  | {
      status: 'registered';
      sku: string;
      name: string;
      unitPrice: number;
      currency: string;
      onHand: number;
      reserved: number;
      open: [string, number][];
      settled: [string, ReservationSettlement][];
      lowStockThreshold?: number;
      lowStockAlert?: boolean;
    };

/**
 * Snapshots of an SKU's stock: a hot SKU's stream grows by an event per reservation, and this
 * lets a restarted process load it from the newest snapshot. Bump `version` with any change of
 * {@link InventoryState} or of `evolve`.
 * @throws TypeError from `decode` for a value that is not a v1 inventory snapshot.
 */
export const inventorySnapshot: SnapshotCodec<InventoryState> = {
  version: 2,
  encode(state): InventorySnapshotV1 {
    const settled = [...state.settled];
    if (state.status === 'unregistered') return { status: 'unregistered', settled };
    return { ...state, open: [...state.open], settled };
  },
  decode(json): InventoryState {
    const s = json as InventorySnapshotV1;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.settled))
      throw new TypeError('not an inventory snapshot');
    const settled = new Map(s.settled);
    if (s.status === 'unregistered') return { status: 'unregistered', settled };
    if (s.status !== 'registered' || !Array.isArray(s.open)) throw new TypeError('not an inventory snapshot');
    const { sku, name, unitPrice, currency, onHand, reserved, lowStockThreshold, lowStockAlert } = s;
    return {
      status: 'registered',
      sku,
      name,
      unitPrice,
      currency,
      onHand,
      reserved,
      open: new Map(s.open),
      settled,
      ...(lowStockThreshold !== undefined && { lowStockThreshold }),
      ...(lowStockAlert !== undefined && { lowStockAlert }),
    };
  },
};
