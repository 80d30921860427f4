/**
 * Snapshots of folded stream state, so that loading a long stream (a hot SKU's inventory has an
 * event per reservation) reads only the events after the snapshot. A snapshot is a cache of
 * committed history, never a source of truth: losing or ignoring one only costs a longer read.
 */

/**
 * How a decider's state becomes JSON and back. `version` names the state's shape: change it
 * whenever `evolve` or the state type changes, and snapshots of other versions are ignored.
 */
export interface SnapshotCodec<State> {
  readonly version: number;
  /** Pure; must copy what it keeps (state may be mutated in place by later `evolve` calls). */
  encode(state: State): unknown;
  /** Pure; the inverse of `encode`. May throw on a malformed snapshot (then it is ignored). */
  decode(snapshot: unknown): State;
}

/** A stored snapshot: the state after the event at `revision` of `stream`. */
export interface Snapshot {
  readonly stream: string;
  readonly revision: bigint;
  readonly version: number;
  readonly state: unknown;
}

/** Where snapshots live. Implementations keep only the newest snapshot per stream. */
export interface SnapshotStore {
  /** The newest snapshot of `stream`, or null. */
  load(stream: string): Promise<Snapshot | null>;
  /** Stores `snapshot` unless a snapshot of a later revision is stored already. */
  save(snapshot: Snapshot): Promise<void>;
}

/** Snapshot settings of the cached command handler. */
export interface SnapshotOptions {
  readonly store: SnapshotStore;
  /** Take a snapshot once this many events were folded since the last one. Default 1000. */
  readonly every?: number;
  /** Receives failed snapshot writes (they never fail a command). Default: ignore. */
  readonly onError?: (error: unknown) => void;
}
