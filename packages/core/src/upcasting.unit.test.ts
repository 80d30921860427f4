import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { createEventSchemaRegistry, hasErrorCode, schemaVersionFor, type RecordedEvent } from './index.ts';

const at = (type: string, data: Record<string, unknown>, schemaVersion: number): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  type,
  data,
  streamName: 'thing-1',
  revision: 3n,
  position: 99n,
  metadata: { schemaVersion, recordedAt: new Date(0), correlationId: 'c' },
});

const registry = createEventSchemaRegistry({
  Renamed: {
    version: 3,
    upcasters: {
      1: (d) => ({ name: d.title }),
      2: (d) => ({ name: d.name, tags: [] }),
    },
  },
});

test('upcasters run in order from the stored version to the current one', () => {
  assert.deepEqual(registry.upcast(at('Renamed', { title: 't' }, 1)).data, { name: 't', tags: [] });
  assert.deepEqual(registry.upcast(at('Renamed', { name: 'n' }, 2)).data, { name: 'n', tags: [] });
  const upcast = registry.upcast(at('Renamed', { title: 't' }, 1));
  assert.equal(upcast.metadata.schemaVersion, 3);
  assert.equal(upcast.metadata.correlationId, 'c', 'other metadata is kept');
});

test('a stored event is not mutated by upcasting', () => {
  const stored = at('Renamed', { title: 't' }, 1);
  registry.upcast(stored);
  assert.deepEqual(stored.data, { title: 't' });
  assert.equal(stored.metadata.schemaVersion, 1);
});

test('versions outside 1..current are UNKNOWN_EVENT_SCHEMA', () => {
  for (const v of [0, 4, 1.5])
    assert.throws(
      () => registry.upcast(at('Renamed', {}, v)),
      (e: unknown) => hasErrorCode(e, 'UNKNOWN_EVENT_SCHEMA') && e.details.schemaVersion === v,
    );
});

test('unknown types: an error in a strict registry, passed through in a lenient one', () => {
  assert.throws(
    () => registry.upcast(at('Other', {}, 1)),
    (e: unknown) => hasErrorCode(e, 'UNKNOWN_EVENT_SCHEMA'),
  );
  const lenient = createEventSchemaRegistry({}, { strict: false });
  const event = at('Other', { a: 1 }, 1);
  assert.equal(lenient.upcast(event), event);
});

test('a schema with a gap in its upcaster chain is refused when the registry is built', () => {
  assert.throws(
    () => createEventSchemaRegistry({ X: { version: 3, upcasters: { 1: (d) => d } } }),
    /v2 to v3/,
  );
  assert.throws(() => createEventSchemaRegistry({ X: { version: 0 } }), /integer ≥ 1/);
});

test('schemaVersionFor: explicit, else registered, else 1', () => {
  assert.equal(schemaVersionFor(registry, 'Renamed', 1), 1);
  assert.equal(schemaVersionFor(registry, 'Renamed', undefined), 3);
  assert.equal(schemaVersionFor(registry, 'Other', undefined), 1);
  assert.equal(schemaVersionFor(undefined, 'Renamed', undefined), 1);
});

test.run();
