import * as assert from 'node:assert/strict';
import { buildSchema, getOperationAST, Kind, parse, type FragmentDefinitionNode } from 'graphql';
import { test } from 'uvu';
import { sdl } from '../graphql/sdl.ts';
import { cachedQueryCost, queryCost } from './query-cost.ts';

const schema = buildSchema(sdl);

const parsed = (query: string) => {
  const document = parse(query);
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  return { operation: getOperationAST(document)!, fragments };
};

test('an operation sized by a variable is costed for each request, never from an earlier one', () => {
  const { operation, fragments } = parsed(
    'query P($n: Int) { products(first: $n) { edges { node { sku name } } } }',
  );
  const small = cachedQueryCost(schema, operation, fragments, { n: 2 });
  const large = cachedQueryCost(schema, operation, fragments, { n: 100 });
  assert.equal(small, queryCost(schema, operation, fragments, { n: 2 }));
  assert.equal(large, queryCost(schema, operation, fragments, { n: 100 }));
  assert.ok(large > small * 10, `${small} vs ${large}`);
});

test('a variable in @include changes the cost, so it is not remembered either', () => {
  const { operation, fragments } = parsed(
    'query P($all: Boolean!) { products(first: 50) { edges { node { sku @include(if: $all) name } } } }',
  );
  const without = cachedQueryCost(schema, operation, fragments, { all: false });
  const withAll = cachedQueryCost(schema, operation, fragments, { all: true });
  assert.ok(withAll > without, `${without} vs ${withAll}`);
  assert.equal(withAll, queryCost(schema, operation, fragments, { all: true }));
});

test('an operation whose variables only feed ordinary arguments costs the same every time', () => {
  const { operation, fragments } = parsed(
    'query P($sku: String!, $size: Int) { product(sku: $sku) { sku name } products(first: 20) { edges { node { sku } } } } ',
  );
  const first = cachedQueryCost(schema, operation, fragments, { sku: 'A' });
  const again = cachedQueryCost(schema, operation, fragments, { sku: 'B' });
  assert.equal(first, queryCost(schema, operation, fragments, { sku: 'A' }));
  assert.equal(again, first);
});

test.run();
