import {
  getOperationAST,
  getVariableValues,
  Kind,
  NoSchemaIntrospectionCustomRule,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import mercurius from 'mercurius';
import type { Principal } from '../auth/principal.ts';
import { findArgumentProblem } from './argument-values.ts';
import type { QueryLimits } from './options.ts';
import { queryCost } from './query-cost.ts';
import { invalidRequest, tooComplex } from './refusals.ts';

const { ErrorWithProps } = mercurius;

/** What {@link checkOperation} looks at. */
export interface OperationToCheck {
  readonly schema: GraphQLSchema;
  /** A document that passed validation. */
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  /** The request's variables: raw JSON (`coerced: false`) or already coerced by graphql-js. */
  readonly variables?: Record<string, unknown> | null;
  readonly coerced?: boolean;
  readonly principal: Principal | null;
  /** NODE_ENV=production: introspection needs an admin key. */
  readonly production: boolean;
  readonly limits: QueryLimits;
}

const messages: Record<string, string> = {
  NUL_CHARACTER: 'must not contain the NUL character (U+0000)',
  UNPAIRED_SURROGATE: 'must not contain an unpaired UTF-16 surrogate (not valid Unicode text)',
};

/**
 * The checks of an operation after validation and before anything executes:
 * 1. the document names the operation to run (VALIDATION_FAILED otherwise);
 * 2. in production, introspection (`__schema`, `__type`) needs an admin key (FORBIDDEN);
 * 3. the variables fit their types (VALIDATION_FAILED with graphql-js' message);
 * 4. no string argument, in any field, input object or list, holds NUL or an unpaired
 *    surrogate, and no list argument is longer than `maxListLength` (VALIDATION_FAILED with
 *    `field`, e.g. `input.lines[0].sku`, `argumentOf` and `reason`);
 * 5. the estimated cost is at most `maxCost` (QUERY_TOO_COMPLEX `{ limit: 'cost' }`).
 * @returns the operation to execute.
 * @throws mercurius ErrorWithProps with `extensions.code` as above (HTTP 400, 403 for 2).
 */
export function checkOperation(input: OperationToCheck): OperationDefinitionNode {
  const { schema, document, limits } = input;
  const operation = getOperationAST(document, input.operationName ?? undefined);
  if (!operation)
    throw invalidRequest(
      input.operationName
        ? `the document has no operation named "${input.operationName}"`
        : 'the document has several operations: name one with operationName',
      { field: 'operationName' },
    );
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  if (input.production && input.principal?.role !== 'admin') {
    const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
    if (validate(schema, single, [NoSchemaIntrospectionCustomRule]).length > 0)
      throw new ErrorWithProps(
        'introspection needs an admin API key in production',
        { code: 'FORBIDDEN' },
        403,
      );
  }
  let variables = input.variables ?? {};
  if (!input.coerced) {
    const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: 1,
    });
    if (result.errors) throw invalidRequest(result.errors[0]!.message, { field: 'variables' });
    variables = result.coerced;
  }
  const byName = Object.fromEntries(fragments.map((f) => [f.name.value, f]));
  const problem = findArgumentProblem(schema, operation, byName, variables, limits.maxListLength);
  if (problem) {
    const what =
      problem.reason === 'LIST_TOO_LONG'
        ? `must have at most ${limits.maxListLength} items`
        : messages[problem.reason];
    throw invalidRequest(`argument ${problem.field} of ${problem.argumentOf} ${what}`, { ...problem });
  }
  let cost: number;
  try {
    cost = queryCost(schema, operation, fragments, variables);
  } catch (error) {
    throw tooComplex(`the operation is too large to estimate: ${(error as Error).message}`, {
      limit: 'cost',
      max: limits.maxCost,
    });
  }
  if (cost > limits.maxCost)
    throw tooComplex(`the operation's estimated cost ${cost} exceeds ${limits.maxCost}`, {
      limit: 'cost',
      max: limits.maxCost,
      found: cost,
    });
  return operation;
}
