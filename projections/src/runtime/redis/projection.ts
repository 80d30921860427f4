import type { Event, RecordedEvent } from '@orderflow/core';
import type { KeySpace } from './keys.ts';
import type { RedisOp } from './ops.ts';

/**
 * What a projection may read while planning a batch: the current values of the generation it
 * writes to, as of the checkpoint the batch was planned against (the apply step refuses the
 * batch if that checkpoint moved meanwhile, so reads and writes cannot interleave with another
 * writer's).
 */
export interface RedisReadView {
  /** Fields of each hash in `keys`; keys that do not exist are absent from the map. */
  hashes(keys: readonly string[]): Promise<Map<string, Readonly<Record<string, string>>>>;
  /** Which of `members` belong to the set at `key`. */
  members(key: string, members: readonly string[]): Promise<Set<string>>;
}

/**
 * A Redis read model fed by `$all`, over the events `E` it handles. `plan` turns a batch of events of `eventTypes` (in
 * position order) into writes; the runtime applies them together with the checkpoint in one
 * Lua step, so a replayed batch changes nothing. Keep the business rules in pure functions and
 * `plan` a thin read-fold-write shell.
 *
 * Rules for `plan`: write only keys made with `keys.key(...)`; never change a key's Redis type
 * within a batch; and throw for an event it cannot handle — the runtime retries the batch,
 * then applies events one at a time and parks the failing one (`processor_parked`).
 */
export interface RedisProjection<E extends Event = Event> {
  /** Stable name: part of every key and of the parked-events records. `[A-Za-z0-9_.:-]+`. */
  readonly name: string;
  /**
   * Version of the projection's code. Bump it when `plan` changes what it writes; the live
   * generation keeps the version it was built with until a rebuild.
   */
  readonly version: number;
  /** The event types `plan` handles; the subscription filters on them server-side. */
  readonly eventTypes: readonly E['type'][];
  plan(events: readonly RecordedEvent<E>[], read: RedisReadView, keys: KeySpace): Promise<RedisOp[]>;
}
