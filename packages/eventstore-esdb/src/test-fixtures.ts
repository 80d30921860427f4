/**
 * Client result objects built by hand, in the shapes `@eventstore/db-client` 6.2.1 produces
 * (`dist/utils/convertGrpcEvent.js`), for unit tests that run without a server.
 */
import type { AllStreamResolvedEvent, Position } from '@eventstore/db-client';

/** Fields of a hand-built event; `commit`/`prepare` default to a position derived from `revision`. */
export interface FakeEvent {
  readonly id?: string;
  readonly type?: string;
  readonly streamId?: string;
  readonly revision?: bigint;
  readonly data?: unknown;
  readonly metadata?: unknown;
  readonly isJson?: boolean;
  readonly position?: Position | undefined;
  readonly created?: Date;
}

let counter = 0;

/** A fresh UUID-shaped id (v4 layout) that is stable within a test run. */
export const fakeId = (): string => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;

/** An `AllStreamResolvedEvent` as the client returns it from a read or subscription. */
export function resolvedEvent(fields: FakeEvent = {}): AllStreamResolvedEvent {
  const revision = fields.revision ?? 0n;
  const position =
    'position' in fields ? fields.position : { commit: 1000n + revision, prepare: 1000n + revision };
  const event = {
    id: fields.id ?? fakeId(),
    type: fields.type ?? 'Happened',
    streamId: fields.streamId ?? 'thing-1',
    revision,
    data: 'data' in fields ? fields.data : { n: 1 },
    metadata: 'metadata' in fields ? fields.metadata : { schemaVersion: 1 },
    isJson: fields.isJson ?? true,
    created: fields.created ?? new Date('2025-01-31T12:00:00Z'),
    position,
  };
  return { event, commitPosition: position?.commit } as AllStreamResolvedEvent;
}

/** `count` consecutive events of one stream at consecutive `$all` positions from `first`. */
export function eventsAt(first: bigint, count: number, streamId = 'thing-1'): AllStreamResolvedEvent[] {
  return Array.from({ length: count }, (_, i) =>
    resolvedEvent({
      streamId,
      revision: BigInt(i),
      data: { i },
      position: { commit: first + BigInt(i) * 100n, prepare: first + BigInt(i) * 100n },
    }),
  );
}
