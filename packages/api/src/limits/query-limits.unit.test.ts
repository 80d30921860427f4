import * as assert from 'node:assert/strict';
import {
  buildSchema,
  getIntrospectionQuery,
  getOperationAST,
  Kind,
  parse,
  specifiedRules,
  validate,
  type FragmentDefinitionNode,
} from 'graphql';
import { test } from 'uvu';
import { sdl } from '../graphql/sdl.ts';
import { dashboardOperations, readmeOperations } from '../test/legit-queries.ts';
import { DEFAULT_LIMITS } from './options.ts';
import { queryCost } from './query-cost.ts';
import { countTokens, limitRules } from './query-rules.ts';

const schema = buildSchema(sdl);
const limits = DEFAULT_LIMITS.query;

const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  return {
    tokens: countTokens(query, 1_000_000),
    errors: validate(schema, document, limitRules(limits)).map((e) => e.message),
    cost: queryCost(schema, operation, fragments, variables),
  };
};

test("the README's and the dashboard's operations stay well inside the limits (a quarter of each)", () => {
  const operations = [...readmeOperations(), ...dashboardOperations()];
  assert.ok(operations.length >= 15, `${operations.length} operations`);
  for (const { name, query, variables } of operations) {
    const { tokens, errors, cost } = measure(query, variables);
    assert.deepEqual(errors, [], name);
    assert.ok(tokens <= limits.maxTokens / 4, `${name}: ${tokens} tokens`);
    assert.ok(cost <= limits.maxCost / 4, `${name}: cost ${cost}`);
    const strict = validate(schema, parse(query), limitRules({ ...limits, maxDepth: 5, maxAliases: 0 }));
    assert.deepEqual(strict, [], `${name} needs no more than depth 5 and no aliases`);
  }
});

test('the introspection query GraphiQL sends passes (its __schema is not counted for depth)', () => {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
  });
  const { tokens, errors } = measure(query);
  assert.deepEqual(errors, []);
  assert.ok(tokens < limits.maxTokens / 4, `${tokens} tokens`);
});

test("GraphiQL's introspection (input-value deprecation on) is priced per field, well inside the cost limit", () => {
  for (const options of [{}, { inputValueDeprecation: true, schemaDescription: true, oneOf: true }]) {
    const { cost, errors } = measure(getIntrospectionQuery(options));
    assert.deepEqual(errors, []);
    assert.ok(cost < limits.maxCost / 10, `cost ${cost}`);
  }
});

test("introspection walking the schema's cycles fails graphql-js' validation (what bounds its answer)", () => {
  const cycle = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
  const errors = validate(schema, parse(cycle), specifiedRules).map((e) => e.message);
  assert.deepEqual(errors, ['Maximum introspection depth exceeded']);
  assert.deepEqual(validate(schema, parse(getIntrospectionQuery()), specifiedRules), []);
});

test('cost counts page sizes from literals, variables and schema defaults', () => {
  const page = `query($n: Int) { products(first: $n) { edges { node { sku name } } } }`;
  assert.equal(measure(page, { n: 100 }).cost, 100 * (1 + 1 + 1 + 2));
  assert.equal(measure(page.replace('first: $n', 'first: 100')).cost, 500);
  assert.equal(measure(`{ products { edges { node { sku } } } }`).cost, 20 * (1 + 1 + 1 + 1), 'default 20');
  assert.equal(measure(`{ saga(id: "x") { steps { totalCount } } }`).cost, 1 + 100 * 2, 'steps default 100');
  const nested = `{ sagas(first: 500) { edges { node { steps(first: 500) { edges { node { seq } } } } } } }`;
  assert.ok(measure(nested).cost > limits.maxCost);
});

test('the limit rules report QUERY_TOO_COMPLEX naming the limit, its value and what was found', () => {
  const cases: Array<[string, string, number]> = [
    [`{ ${Array.from({ length: 21 }, (_, i) => `a${i}: sagaStats { total }`).join(' ')} }`, 'aliases', 21],
    [
      `{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`,
      'depth',
      12,
    ],
    [`{ ${'sagaStats { total } '.repeat(11)} }`, 'fieldRepeats', 11],
    [`{ sagaStats ${'@include(if: true) '.repeat(11)} { total } }`, 'directives', 11],
  ];
  for (const [query, limit, found] of cases) {
    const errors = validate(schema, parse(query), limitRules(limits));
    assert.equal(errors.length, 1, limit);
    assert.deepEqual(
      errors[0]!.extensions,
      {
        code: 'QUERY_TOO_COMPLEX',
        limit,
        max: (limits as never)[`max${limit[0]!.toUpperCase()}${limit.slice(1)}`],
        found,
      },
      limit,
    );
  }
});

test('repeated fields are counted through inline fragments and fragment spreads, each fragment once', () => {
  const via = `query { ...F ...F ${'... on Query { sagaStats { total } } '.repeat(6)} } fragment F on Query { sagaStats { total } sagaStats { total } sagaStats { total } sagaStats { total } sagaStats { total } }`;
  const [error] = validate(schema, parse(via), limitRules(limits));
  assert.deepEqual(error?.extensions, {
    code: 'QUERY_TOO_COMPLEX',
    limit: 'fieldRepeats',
    max: 10,
    found: 11,
  });
  const cyclic = `query { ...A } fragment A on Query { sagaStats { total } ...B } fragment B on Query { ...A }`;
  assert.deepEqual(validate(schema, parse(cyclic), limitRules(limits)), [], 'cycles are left to graphql-js');
});

test('countTokens stops counting past its bound', () => {
  assert.equal(countTokens('{ a b c }', 100), 5);
  assert.equal(countTokens(`{ ${'a '.repeat(10_000)} }`, 50), 51);
  assert.equal(countTokens('{ "unterminated }', 100), 1);
});

test.run();
