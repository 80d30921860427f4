/**
 * `$all` positions. EventStoreDB addresses an event in its transaction log by two unsigned 64-bit
 * byte offsets, `commit` and `prepare` (KurrentDB-Client-NodeJS, docs/api/reading-events.md,
 * "global position"); `$all` is ordered by commit, then prepare, and the events of one
 * multi-event append share their commit position (EventStore `EventPosition`: "the commit position
 * cannot be less than the prepare position"). The port wants one opaque bigint that grows
 * strictly in `$all` order, so the pair is packed into 128 bits: `(commit << 64) | prepare`.
 * Lexicographic order of the pair is numeric order of the packed value.
 */
import { START, type Position } from '@eventstore/db-client';
import { validationFailed } from '@orderflow/core';

const UINT64_MAX = (1n << 64n) - 1n;
const UINT128_LIMIT = 1n << 128n;

/** The port's position for "no position known" (and for "before the first event"). */
export const NO_POSITION = 0n;

/**
 * Packs an EventStoreDB position into the port's bigint.
 * @throws TypeError when `commit` or `prepare` is not in 0 … 2^64 − 1 (not a server position).
 */
export function encodePosition(position: Position): bigint {
  const { commit, prepare } = position;
  if (commit < 0n || commit > UINT64_MAX || prepare < 0n || prepare > UINT64_MAX) {
    throw new TypeError(`not an EventStoreDB position: commit ${commit}, prepare ${prepare}`);
  }
  return (commit << 64n) | prepare;
}

/**
 * Unpacks a port position (e.g. a subscriber's checkpoint) into EventStoreDB's pair.
 * @throws OrderflowError VALIDATION_FAILED when `position` is negative or wider than 128 bits.
 */
export function decodePosition(position: bigint): Position {
  if (position < 0n || position >= UINT128_LIMIT) {
    throw validationFailed(`position must be in 0 … 2^128 − 1, got ${position}`, { field: 'position' });
  }
  return { commit: position >> 64n, prepare: position & UINT64_MAX };
}

/**
 * Where a forward `$all` read or subscription starts for the port's `after`: `START` for 0n,
 * else the decoded position. Reads include the event at that position, subscriptions do not
 * (KurrentDB-Client-NodeJS, docs/api/subscriptions.md: "positions provided to the subscriptions
 * are exclusive"), so readers drop events at or below `after` themselves.
 * @throws OrderflowError VALIDATION_FAILED for an invalid `after`.
 */
export function startingAfter(after: bigint): Position | typeof START {
  return after === NO_POSITION ? START : decodePosition(after);
}

/**
 * The port position of an event the client read, or {@link NO_POSITION} when the server did not
 * report one: `$all` reads always carry positions, but stream reads do so only from server 22.6
 * on (`RecordedEvent.position` in the client's types); older servers send none or 2^64 − 1.
 */
export function positionOf(position: Position | undefined): bigint {
  if (position === undefined || position.commit === UINT64_MAX || position.prepare === UINT64_MAX) {
    return NO_POSITION;
  }
  return encodePosition(position);
}
