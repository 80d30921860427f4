/**
 * Schema evolution of stored events. Every event type has a current schema version; an event
 * written by an older release carries its older `metadata.schemaVersion` and is turned into the
 * current shape on read by a chain of upcasters, one per version step (v1 → v2 → … → current).
 * Events are never rewritten in the store: the log stays the immutable record of what happened
 * (Greg Young, "Versioning in an Event Sourced System", 2017, ch. "Upcasting").
 */
import { OrderflowError } from './errors.ts';
import type { EventMetadata, RecordedEvent } from './messages.ts';

/**
 * Turns the `data` of an event at schema version `v` into its shape at `v + 1`. Pure; gets the
 * event's metadata (read only) for the rare upcaster that needs e.g. `recordedAt`.
 */
export type Upcaster = (
  data: Record<string, unknown>,
  metadata: Readonly<EventMetadata>,
) => Record<string, unknown>;

/** One event type's schema: its current version and the upcaster of each older version. */
export interface EventSchema {
  /** The version this release writes; an integer ≥ 1. */
  readonly version: number;
  /** `upcasters[v]` turns version `v` into `v + 1`; one entry for each v in 1 … version − 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * What an event store needs to know about event schemas: the version to stamp on appended
 * events and how to bring a stored event up to date.
 */
export interface EventSchemaRegistry {
  /** The current schema version of `type`, or undefined for a type the registry does not know. */
  currentVersion(type: string): number | undefined;
  /**
   * The event in its current shape: the same object when it is current already, else a copy
   * with upcast `data` and `metadata.schemaVersion` set to the current version.
   * @throws OrderflowError UNKNOWN_EVENT_SCHEMA (details: stream, revision, position, type,
   *   schemaVersion) for an unknown type (in a strict registry) or a version newer than the
   *   current one or without an upcaster chain.
   */
  upcast<E extends RecordedEvent>(event: E): E;
}

/** Options of {@link createEventSchemaRegistry}. */
export interface EventSchemaRegistryOptions {
  /**
   * When true (the default), an event whose type is not in the registry is UNKNOWN_EVENT_SCHEMA;
   * when false it passes through unchanged (for stores shared with other applications).
   */
  readonly strict?: boolean;
}

const unknownSchema = (event: RecordedEvent, why: string): OrderflowError =>
  new OrderflowError(
    'UNKNOWN_EVENT_SCHEMA',
    `cannot read ${event.type} v${event.metadata.schemaVersion} at ${event.streamName}@${event.revision} ` +
      `(position ${event.position}): ${why}`,
    {
      stream: event.streamName,
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      schemaVersion: event.metadata.schemaVersion,
    },
  );

/**
 * Builds a registry from a map of event type → schema.
 * @throws TypeError when a schema's version is not an integer ≥ 1 or an upcaster of its chain
 *   is missing — a programming error found at start-up rather than on the first old event.
 */
export function createEventSchemaRegistry(
  schemas: Readonly<Record<string, EventSchema>>,
  options: EventSchemaRegistryOptions = {},
): EventSchemaRegistry {
  const strict = options.strict ?? true;
  for (const [type, schema] of Object.entries(schemas)) {
    if (!Number.isInteger(schema.version) || schema.version < 1)
      throw new TypeError(`${type}: schema version must be an integer ≥ 1, got ${schema.version}`);
    for (let v = 1; v < schema.version; v++)
      if (typeof schema.upcasters?.[v] !== 'function')
        throw new TypeError(`${type}: no upcaster from v${v} to v${v + 1}`);
  }
  return {
    currentVersion: (type) => schemas[type]?.version,
    upcast(event) {
      const schema = schemas[event.type];
      if (schema === undefined) {
        if (strict) throw unknownSchema(event, 'unknown event type');
        return event;
      }
      const stored = event.metadata.schemaVersion ?? 1;
      if (stored === schema.version) return event;
      if (!Number.isInteger(stored) || stored < 1 || stored > schema.version)
        throw unknownSchema(event, `this release knows versions 1 to ${schema.version}`);
      let data = event.data as Record<string, unknown>;
      for (let v = stored; v < schema.version; v++) data = schema.upcasters![v]!(data, event.metadata);
      return { ...event, data, metadata: { ...event.metadata, schemaVersion: schema.version } };
    },
  };
}

/** The schema version to store with an appended event of `type`: explicit, registered, or 1. */
export function schemaVersionFor(
  registry: EventSchemaRegistry | undefined,
  type: string,
  explicit: number | undefined,
): number {
  return explicit ?? registry?.currentVersion(type) ?? 1;
}
