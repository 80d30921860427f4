import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** One string argument value to poison: an operation that passes `bad` at `path`. */
export interface StringArgumentCase {
  readonly kind: 'query' | 'mutation' | 'subscription';
  /** e.g. `placeOrder`, `saga.steps`. */
  readonly field: string;
  /** e.g. `input.lines[0].sku`. */
  readonly path: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** A valid-looking value of `type`: strings "x", numbers 1, the first enum value, required fields. */
function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isInputObjectType(inner))
    return Object.fromEntries(Object.values(inner.getFields()).map((f) => [f.name, sample(f.type)]));
  if (inner.name === 'Int' || inner.name === 'Float' || inner.name === 'Money') return 1;
  if (inner.name === 'Boolean') return true;
  return 'x';
}

/** Paths of the String and ID leaves of a {@link sample} of `type`, e.g. `.lines[0].sku`. */
function stringPaths(type: GraphQLInputType, path: string): string[] {
  const inner = getNullableType(type);
  if (isListType(inner)) return stringPaths(inner.ofType, `${path}[0]`);
  if (isInputObjectType(inner))
    return Object.values(inner.getFields()).flatMap((f) => stringPaths(f.type, `${path}.${f.name}`));
  return !isEnumType(inner) && (inner.name === 'String' || inner.name === 'ID') ? [path] : [];
}

/** `value` with the leaf at `path` (as {@link stringPaths} names it, without the root) set to `bad`. */
function replaceAt(value: unknown, path: string, bad: string): unknown {
  if (path === '') return bad;
  const match = /^(?:\.(\w+)|\[(\d+)\])(.*)$/.exec(path)!;
  const [, key, index, rest] = match;
  if (index !== undefined) {
    const copy = [...(value as unknown[])];
    copy[Number(index)] = replaceAt(copy[Number(index)], rest!, bad);
    return copy;
  }
  return { ...(value as object), [key!]: replaceAt((value as Record<string, unknown>)[key!], rest!, bad) };
}

const typeName = (type: GraphQLInputType): string => type.toString();
const selection = (field: GraphQLField<unknown, unknown>) =>
  isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';

/**
 * Every string leaf of every argument of every root field of `schema` (inside input objects and
 * lists too), plus the arguments of `Saga.steps` (reached through `saga(id:)`), each as an
 * operation with variables where that one leaf is `bad` and every other argument a valid sample.
 */
export function stringArgumentCases(schema: GraphQLSchema, bad: string): StringArgumentCase[] {
  const cases: StringArgumentCase[] = [];
  const roots: Array<['query' | 'mutation' | 'subscription', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  for (const [kind, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        for (const leaf of stringPaths(arg.type, '')) {
          const args = field.args.filter((a) => a === arg || isNonNullType(a.type));
          const variables = Object.fromEntries(
            args.map((a) => [a.name, a === arg ? replaceAt(sample(a.type), leaf, bad) : sample(a.type)]),
          );
          const declared = args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
          const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
          cases.push({
            kind,
            field: field.name,
            path: `${arg.name}${leaf}`,
            query: `${kind} (${declared}) { ${field.name}(${passed})${selection(field)} }`,
            variables,
          });
        }
      }
    }
  }
  cases.push({
    kind: 'query',
    field: 'saga.steps',
    path: 'after',
    query: `query ($id: ID!, $after: String) { saga(id: $id) { steps(after: $after) { totalCount } } }`,
    variables: { id: 'x', after: bad },
  });
  return cases;
}
