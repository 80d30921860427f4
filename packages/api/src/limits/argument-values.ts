import {
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Why an argument value is refused. */
export type ArgumentProblemReason = 'NUL_CHARACTER' | 'UNPAIRED_SURROGATE' | 'LIST_TOO_LONG';

/** The first bad argument value of an operation. */
export interface ArgumentProblem {
  /** The value's path inside the argument, e.g. `input.lines[0].sku`. */
  readonly field: string;
  /** The response path of the field that takes the argument, e.g. `placeOrder` or `saga.steps`. */
  readonly argumentOf: string;
  readonly reason: ArgumentProblemReason;
}

// With the u flag a well-formed pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The first value in `value` (a coerced argument: strings, numbers, lists, input objects) that no
 * resolver should get: a string holding NUL (Postgres text refuses it) or an unpaired UTF-16
 * surrogate (not encodable as UTF-8; Postgres jsonb refuses its escape), or a list longer than
 * `maxListLength`. Null when there is none.
 */
export function valueProblem(
  value: unknown,
  path: string,
  maxListLength: number,
): { path: string; reason: ArgumentProblemReason } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, reason: 'NUL_CHARACTER' };
    if (LONE_SURROGATE.test(value)) return { path, reason: 'UNPAIRED_SURROGATE' };
    return null;
  }
  if (Array.isArray(value)) {
    if (value.length > maxListLength) return { path, reason: 'LIST_TOO_LONG' };
    for (let i = 0; i < value.length; i++) {
      const problem = valueProblem(value[i], `${path}[${i}]`, maxListLength);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const problem = valueProblem(item, `${path}.${key}`, maxListLength);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Walks every field `operation` selects (through inline fragments and each fragment once),
 * coerces its arguments with graphql-js' `getArgumentValues` against `variables` (already
 * coerced, e.g. `info.variableValues` or `getVariableValues(…).coerced`) and returns the first
 * {@link valueProblem}, or null. Introspection fields (`__…`) are skipped: they reach no resolver
 * of ours. Arguments that do not coerce are left to execution, which reports them.
 */
export function findArgumentProblem(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Record<string, unknown>,
  maxListLength: number,
): ArgumentProblem | null {
  const seen = new Set<string>();
  const walk = (
    set: SelectionSetNode,
    type: GraphQLNamedType | null | undefined,
    at: string,
  ): ArgumentProblem | null => {
    for (const selection of set.selections) {
      if (selection.kind === 'InlineFragment') {
        const inner = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        const problem = walk(selection.selectionSet, inner, at);
        if (problem) return problem;
      } else if (selection.kind === 'FragmentSpread') {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        const problem = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), at);
        if (problem) return problem;
      } else {
        if (selection.name.value.startsWith('__')) continue;
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const path = `${at}${at ? '.' : ''}${selection.alias?.value ?? selection.name.value}`;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, selection, variables);
        } catch {
          continue;
        }
        for (const [name, value] of Object.entries(args)) {
          const problem = valueProblem(value, name, maxListLength);
          if (problem) return { field: problem.path, argumentOf: path, reason: problem.reason };
        }
        if (selection.selectionSet) {
          const problem = walk(selection.selectionSet, getNamedType(field.type), path);
          if (problem) return problem;
        }
      }
    }
    return null;
  };
  return walk(operation.selectionSet, schema.getRootType(operation.operation), '');
}
