import * as assert from 'node:assert/strict';
import { createEventSchemaRegistry, hasErrorCode, newId } from '@orderflow/core';
import { test } from 'uvu';
import { isSystemEvent, toEsdbEvent, toRecordedEvent, toRecordedPage } from './mapping.ts';
import { encodePosition } from './position.ts';
import { resolvedEvent } from './test-fixtures.ts';

test('an appended event keeps its id, type and data; its metadata goes along as JSON', () => {
  const id = newId();
  const event = toEsdbEvent({
    id,
    type: 'OrderPlaced',
    data: { orderId: 'o-1', total: 1250 },
    metadata: {
      correlationId: 'c-1',
      causationId: 'k-1',
      idempotencyKey: 'idem',
      requestHash: 'abc',
      recordedAt: new Date(0),
    },
  });
  assert.deepEqual(event, {
    id,
    contentType: 'application/json',
    type: 'OrderPlaced',
    data: { orderId: 'o-1', total: 1250 },
    metadata: {
      correlationId: 'c-1',
      causationId: 'k-1',
      idempotencyKey: 'idem',
      requestHash: 'abc',
      schemaVersion: 1,
    },
  });
});

test('schemaVersion: explicit, else the registry current version, else 1', () => {
  const schemas = createEventSchemaRegistry({
    PriceSet: { version: 2, upcasters: { 1: (data) => data } },
  });
  const version = (type: string, explicit?: number) =>
    (
      toEsdbEvent(
        { id: newId(), type, data: {}, ...(explicit ? { metadata: { schemaVersion: explicit } } : {}) },
        schemas,
      ).metadata as { schemaVersion: number }
    ).schemaVersion;
  assert.equal(version('PriceSet'), 2);
  assert.equal(version('PriceSet', 1), 1);
  assert.equal(version('Unknown'), 1);
  assert.equal(
    (toEsdbEvent({ id: newId(), type: 'PriceSet', data: {} }).metadata as { schemaVersion: number })
      .schemaVersion,
    1,
  );
});

test('a read event maps to the port: id, stream, revision, position, metadata, recordedAt = created', () => {
  const created = new Date('2025-03-01T10:00:00.123Z');
  const recorded = toRecordedEvent(
    resolvedEvent({
      id: '5f0c1d7e-8a3b-4c5d-9e6f-7a8b9c0d1e2f',
      type: 'OrderPlaced',
      streamId: 'order-42',
      revision: 3n,
      data: { total: 1 },
      metadata: { correlationId: 'c-1', schemaVersion: 2, requestHash: 'abc' },
      position: { commit: 900n, prepare: 880n },
      created,
    }),
  );
  assert.deepEqual(recorded, {
    id: '5f0c1d7e-8a3b-4c5d-9e6f-7a8b9c0d1e2f',
    type: 'OrderPlaced',
    data: { total: 1 },
    streamName: 'order-42',
    revision: 3n,
    position: encodePosition({ commit: 900n, prepare: 880n }),
    metadata: { correlationId: 'c-1', schemaVersion: 2, requestHash: 'abc', recordedAt: created },
  });
});

test('events written by other tools: no metadata or non-object metadata reads as schemaVersion 1', () => {
  for (const metadata of [undefined, 'text', [1, 2], new Uint8Array([1, 2])]) {
    const recorded = toRecordedEvent(resolvedEvent({ metadata }));
    assert.equal(recorded.metadata.schemaVersion, 1);
    assert.ok(recorded.metadata.recordedAt instanceof Date);
  }
});

test('a stream read without a position (older servers) maps to position 0n', () => {
  assert.equal(toRecordedEvent(resolvedEvent({ position: undefined })).position, 0n);
});

test('data that is not a JSON object is UNKNOWN_EVENT_SCHEMA with where the event is', () => {
  for (const [data, isJson] of [
    [new Uint8Array([1]), false],
    ['not json', true],
    [[1, 2], true],
  ] as const) {
    assert.throws(
      () =>
        toRecordedEvent(
          resolvedEvent({
            type: 'Blob',
            streamId: 'file-1',
            revision: 2n,
            data,
            isJson,
            position: { commit: 5n, prepare: 5n },
          }),
        ),
      (e: unknown) =>
        hasErrorCode(e, 'UNKNOWN_EVENT_SCHEMA') &&
        e.details.stream === 'file-1' &&
        e.details.revision === '2' &&
        e.details.position === encodePosition({ commit: 5n, prepare: 5n }).toString() &&
        e.details.type === 'Blob',
    );
  }
  assert.throws(() => toRecordedEvent({}), TypeError);
});

test('system events: $-types, $-streams and records without an event', () => {
  assert.ok(isSystemEvent(resolvedEvent({ type: '$metadata', streamId: '$$order-1' })));
  assert.ok(isSystemEvent(resolvedEvent({ type: 'Happened', streamId: '$stats-127.0.0.1:2113' })));
  assert.ok(isSystemEvent(resolvedEvent({ type: '$>', streamId: 'order-1' })));
  assert.ok(isSystemEvent({}));
  assert.ok(!isSystemEvent(resolvedEvent({ type: 'Happened', streamId: 'order-1' })));
});

test('a page maps up to its first unreadable event and drops system events', () => {
  const ok = resolvedEvent({ data: { n: 1 } });
  const system = resolvedEvent({ type: '$metadata', streamId: '$$thing-1' });
  const bad = resolvedEvent({ data: 'x' });
  const after = resolvedEvent({ data: { n: 2 } });
  const page = toRecordedPage([ok, system, bad, after]);
  assert.deepEqual(
    page.events.map((e) => e.data),
    [{ n: 1 }],
  );
  assert.ok(hasErrorCode(page.error, 'UNKNOWN_EVENT_SCHEMA'));
  assert.equal(toRecordedPage([ok, system, after]).error, undefined);
});

test.run();
