import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The list fields of the introspection types (GraphQL spec §4.2 "The __Schema Type", "__Type", …). */
const INTROSPECTION_LISTS = new Set([
  'types',
  'directives',
  'fields',
  'args',
  'inputFields',
  'enumValues',
  'interfaces',
  'possibleTypes',
]);

/**
 * Most introspection lists nested in one another: 3, as in graphql-js' `getIntrospectionQuery`
 * (the query GraphiQL sends: `__schema { types { fields { args } } }`). Past it a query can
 * only be walking the schema's cycles (`fields { type { fields { … } } }`), whose answer grows
 * by a schema's fan-out per level.
 */
export const MAX_INTROSPECTION_LIST_NESTING = 3;

/**
 * The deepest nesting of introspection list fields ({@link INTROSPECTION_LISTS}) inside the
 * `__schema` and `__type` fields of `selectionSet`, following fragment spreads (`fragments` by
 * name) and inline fragments. A fragment met again on its own path counts once (validation
 * refuses fragment cycles before this runs; the guard keeps a bad document from looping).
 */
export function introspectionListNesting(
  selectionSet: SelectionSetNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  inside = false,
  seen: ReadonlySet<string> = new Set(),
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.selectionSet) continue;
      const name = selection.name.value;
      const within = inside || name === '__schema' || name === '__type';
      const here = within && INTROSPECTION_LISTS.has(name) ? 1 : 0;
      deepest = Math.max(
        deepest,
        here + introspectionListNesting(selection.selectionSet, fragments, within, seen),
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, introspectionListNesting(selection.selectionSet, fragments, inside, seen));
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      const next = new Set(seen).add(fragment.name.value);
      deepest = Math.max(deepest, introspectionListNesting(fragment.selectionSet, fragments, inside, next));
    }
  }
  return deepest;
}
