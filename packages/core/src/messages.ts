/**
 * Message shapes shared by every package. Domain events and commands are plain `{ type, data }`
 * records (Emmett's shape); the event store adds identity, stream, revision and position.
 */

/** A domain event: past-tense PascalCase `type` and JSON-safe `data`. */
export interface Event<Type extends string = string, Data = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
}

/** A command: imperative PascalCase `type` and JSON-safe `data`. */
export interface Command<Type extends string = string, Data = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: CommandMetadata;
}

/** Context a command travels with; copied onto the events it produces. */
export interface CommandMetadata {
  /**
   * Unique id of this command. When set, the command handler derives the event ids from it
   * (uuid v5), so a retried command appends the same event ids and the store deduplicates it.
   */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly idempotencyKey?: string;
  /** Extra string fields copied onto the events' metadata (e.g. a request fingerprint). */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * Metadata stored with each event. `schemaVersion` is the version of the event's `data` shape
 * (1 unless an upcaster says otherwise); `recordedAt` is set by the store when the event is read.
 */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  schemaVersion: number;
  recordedAt?: Date;
  [key: string]: unknown;
}

/** An event ready to append: a client-chosen id (uuid) makes retried appends idempotent. */
export interface NewEvent<E extends Event = Event> {
  readonly id: string;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata?: Partial<EventMetadata>;
}

/**
 * A committed event as read back from the store.
 * - `revision`: its 0-based index in its stream;
 * - `position`: its place in the global `$all` order. Positions are opaque, strictly increasing
 *   in `$all` order, always > 0, and not dense (gaps are normal).
 */
export type RecordedEvent<E extends Event = Event> = E & {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly metadata: EventMetadata & { recordedAt: Date };
};

/** `<category>-<id>`: the category is everything before the first dash. */
export function streamName(category: string, id: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(category)) throw new TypeError(`invalid stream category: ${category}`);
  return `${category}-${id}`;
}

/** The category of a `<category>-<id>` stream name. */
export function streamCategory(name: string): string {
  const dash = name.indexOf('-');
  return dash < 0 ? name : name.slice(0, dash);
}

/** The id part of a `<category>-<id>` stream name. */
export function streamId(name: string): string {
  const dash = name.indexOf('-');
  return dash < 0 ? '' : name.slice(dash + 1);
}
