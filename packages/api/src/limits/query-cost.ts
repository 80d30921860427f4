import {
  BREAK,
  getNullableType,
  isIntrospectionType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Assumed length of a list field that takes no size argument (commands, timers, lines, …). */
export const UNSIZED_LIST_LENGTH = 10;

/** Assumed page size of a `first` argument given as null (the resolvers' defaults are 20–100). */
const NULL_PAGE_SIZE = 100;

/**
 * How many items a field returns: its `first` (page size of connections and lists such as
 * `topSellers`, `dailySales`; the schema default applies when absent) or `buckets`
 * (`sagaThroughput`); for other list fields {@link UNSIZED_LIST_LENGTH}, except a connection's
 * `edges`, already counted by the connection's `first`.
 */
function itemsOf(field: { name: string; type: unknown }, args: Record<string, unknown>): number {
  for (const name of ['first', 'buckets'])
    if (name in args) return typeof args[name] === 'number' ? Math.max(1, args[name]) : NULL_PAGE_SIZE;
  if (field.name === 'edges') return 1;
  return isListType(getNullableType(field.type as never)) ? UNSIZED_LIST_LENGTH : 1;
}

/**
 * graphql-query-complexity estimator: a field costs 1 plus its children, times the items it
 * returns ({@link itemsOf}, from the coerced arguments, variables and defaults included). So the
 * cost is about the number of values a response can hold: `products(first: 100) { edges { node
 * { sku name } } }` costs 100 × (1 + 1 + 1 + 2) = 500.
 *
 * Introspection (`__schema`, `__type` and the fields of the `__` types) costs 1 per field, not
 * times its lists: its answer is bounded by the schema, not by the client's arguments, and
 * guessing 10 items per list priced graphql-js' standard introspection query at 50,980, over
 * the limit. What bounds it instead is graphql-js' MaxIntrospectionDepthRule (in its
 * specifiedRules since 16.9, run on every request): `fields`, `inputFields`, `interfaces` and
 * `possibleTypes` nest at most 3 deep, so a query cannot walk the schema's cycles.
 */
export const itemsEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) =>
  isIntrospectionType(type) || field.name.startsWith('__')
    ? 1 + childComplexity
    : itemsOf(field, args) * (1 + childComplexity);

/**
 * The estimated cost of `operation` (with the document's `fragments`) for `variables` (raw or
 * coerced JSON values).
 * @throws GraphQLError when the variables do not fit the operation or the document is too big to
 *   walk (graphql-query-complexity's 10,000-node guard).
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: readonly FragmentDefinitionNode[],
  variables: Record<string, unknown>,
): number {
  // One operation only: graphql-query-complexity adds up every operation of a document.
  const query: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  return getComplexity({ schema, query, variables, estimators: [itemsEstimator] });
}

/** Argument names whose value {@link itemsOf} reads: only these (and directives) let variables change a cost. */
const SIZING_ARGUMENTS = new Set(['first', 'buckets']);

/**
 * True when `variables` can change the cost of `operation`: a variable is the value (or inside
 * the value) of a sizing argument ({@link SIZING_ARGUMENTS}) or of a directive argument
 * (`@include(if: $x)`, `@skip`, which graphql-query-complexity honours).
 */
function costDependsOnVariables(
  operation: OperationDefinitionNode,
  fragments: readonly FragmentDefinitionNode[],
): boolean {
  let depends = false;
  for (const root of [operation, ...fragments]) {
    visit(root, {
      Variable(_node, _key, parent, _path, ancestors) {
        // graphql-js passes the direct parent apart from the other ancestors.
        const sizing = [parent, ...ancestors].some(
          (a) =>
            a !== undefined &&
            !Array.isArray(a) &&
            ((a as { kind?: string }).kind === Kind.DIRECTIVE ||
              ((a as { kind?: string }).kind === Kind.ARGUMENT &&
                SIZING_ARGUMENTS.has((a as { name: { value: string } }).name.value))),
        );
        if (!sizing) return undefined;
        depends = true;
        return BREAK;
      },
      VariableDefinition: () => false, // a definition's own $name is no use of it
    });
    if (depends) return true;
  }
  return false;
}

/** Costs of operations that no variable can change, per schema and parsed operation. */
const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();

/**
 * {@link queryCost}, remembered for an operation whose cost no variable can change
 * ({@link costDependsOnVariables}): mercurius keeps one parsed document per query text in its
 * LRU cache, so a client that sends the same mutation again (placeOrder under load) is costed
 * once instead of on every request. Operations sized by variables are costed every time.
 * @throws as {@link queryCost}.
 */
export function cachedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: readonly FragmentDefinitionNode[],
  variables: Record<string, unknown>,
): number {
  let bySchema = fixedCosts.get(schema);
  const known = bySchema?.get(operation);
  if (known !== undefined) return known;
  const cost = queryCost(schema, operation, fragments, variables);
  if (!costDependsOnVariables(operation, fragments)) {
    if (!bySchema) fixedCosts.set(schema, (bySchema = new WeakMap()));
    bySchema.set(operation, cost);
  }
  return cost;
}
