/**
 * Introspection over HTTP, as GraphiQL asks for it: it answers within the limits, every type,
 * field, argument, input field and enum value of the schema carries a description, and an
 * introspection walking the schema's cycles is refused before it runs (graphql-js'
 * MaxIntrospectionDepthRule: introspection is priced per field, see limits/query-cost.ts).
 */
import * as assert from 'node:assert/strict';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { suite } from 'uvu';
import { assertRefused } from './test/bad-input.ts';
import { startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('introspection');
test.before(async (ctx) => {
  ctx.h = await startHarness();
});
test.after(async ({ h }) => h.close());

/** GraphQL's own scalars: their descriptions are graphql-js', not ours. */
const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

test("GraphiQL's introspection answers, with a description on everything of the schema", async ({ h }) => {
  const query = getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true });
  const response = await h.post({ query, operationName: 'IntrospectionQuery' });
  assert.equal(response.status, 200, JSON.stringify(response.body?.errors));
  const schema = (response.body!.data as unknown as IntrospectionQuery).__schema;
  const missing: string[] = [];
  let described = 0;
  const check = (what: string, description: string | null | undefined) => {
    if (description?.trim()) described++;
    else missing.push(what);
  };
  for (const type of schema.types) {
    if (type.name.startsWith('__') || BUILT_IN.has(type.name)) continue;
    check(type.name, type.description);
    if (type.kind === 'OBJECT' || type.kind === 'INTERFACE')
      for (const field of type.fields) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    if (type.kind === 'INPUT_OBJECT')
      for (const field of type.inputFields) check(`${type.name}.${field.name}`, field.description);
    if (type.kind === 'ENUM')
      for (const value of type.enumValues) check(`${type.name}.${value.name}`, value.description);
  }
  assert.deepEqual(missing, []);
  assert.ok(described > 400, `${described} descriptions`);
});

test("introspection walking the schema's cycles is refused unexecuted", async ({ h }) => {
  const cycle = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
  const response = await h.post({ query: cycle });
  assert.equal(response.status, 400);
  assertRefused(response, 'VALIDATION_FAILED');
  assert.equal(response.body?.errors?.[0]?.message, 'Maximum introspection depth exceeded');
  assert.equal(response.body?.data, null);
});

test.run();
