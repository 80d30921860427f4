import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLResolveInfo,
} from 'graphql';
import type { Principal } from '../auth/principal.ts';
import { filterIterator } from '../graphql/filter-iterator.ts';
import { checkOperation } from './operation-guard.ts';
import type { QueryLimits } from './options.ts';
import { countTokens, limitRules } from './query-rules.ts';
import { invalidRequest, tooComplex, type Refusal } from './refusals.ts';
import type { ConnectionGuard } from './websocket-guard.ts';
import mercurius from 'mercurius';

const { ErrorWithProps } = mercurius;

/** What the GraphQL guards need. */
export interface GraphQLGuardOptions {
  readonly limits: QueryLimits;
  /** NODE_ENV=production: introspection needs an admin key. */
  readonly production: boolean;
}

/** The first validation error as a refusal, keeping a code it carries (default VALIDATION_FAILED). */
function refusalOf(errors: readonly GraphQLError[]): Refusal {
  const [first] = errors;
  const { code = 'VALIDATION_FAILED', ...details } = (first?.extensions ?? {}) as { code?: string };
  return new ErrorWithProps(first?.message ?? 'invalid document', { code, ...details }, 400);
}

/** The request's operationName (POST body or GET query string; batched requests are off). */
const operationNameOf = (request: FastifyRequest | undefined): string | null => {
  const source = (request?.method === 'GET' ? request.query : request?.body) as
    { operationName?: unknown } | null | undefined;
  return typeof source?.operationName === 'string' ? source.operationName : null;
};

/**
 * Adds the checks of HTTP GraphQL requests to mercurius' lifecycle, all before execution:
 * - `preParsing`: a query that is a JSON object is refused (mercurius would take it as an AST,
 *   skipping the parser and its token limit);
 * - `preValidation` (documents not in mercurius' cache): {@link limitRules} alone, before
 *   graphql-js' rules, so an oversized document is refused in linear time (QUERY_TOO_COMPLEX);
 * - `preExecution`: {@link checkOperation} (operation, introspection, variables, argument
 *   strings and lists, cost); a subscription sent over HTTP is refused (VALIDATION_FAILED).
 * The token limit itself is graphql-js' `parse(…, { maxTokens })` (mercurius `graphql.parseOptions`).
 */
export function guardGraphQL(app: FastifyInstance, options: GraphQLGuardOptions): void {
  const rules = limitRules(options.limits);
  app.graphql.addHook('preParsing', async (_schema, source) => {
    if (/^\s*\{\s*"/.test(source))
      throw invalidRequest('query must be a GraphQL document, not JSON', { field: 'query' });
  });
  app.graphql.addHook('preValidation', async (schema, document) => {
    const errors = validate(schema, document, rules);
    if (errors.length > 0) throw refusalOf(errors);
  });
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const { reply, principal } = context as unknown as {
      reply?: { request: FastifyRequest };
      principal?: Principal | null;
    };
    const operation = checkOperation({
      schema,
      document,
      operationName: operationNameOf(reply?.request),
      variables: variables as Record<string, unknown> | undefined,
      principal: principal ?? null,
      production: options.production,
      limits: options.limits,
    });
    // Over HTTP graphql-js would run a subscription field as a query and fail inside it.
    if (operation.operation === 'subscription')
      throw invalidRequest('subscriptions are served over WebSocket at /graphql, not over HTTP', {
        field: 'query',
      });
  });
  app.graphql.addHook('preSubscriptionParsing', async (_schema, source) => {
    const tokens = countTokens(source, options.limits.maxTokens);
    if (tokens > options.limits.maxTokens)
      throw tooComplex(`the document has more than ${options.limits.maxTokens} tokens`, {
        limit: 'tokens',
        max: options.limits.maxTokens,
      });
  });
}

/** A field's `subscribe` resolver. */
type Subscribe = (root: unknown, args: unknown, context: never, info: GraphQLResolveInfo) => unknown;

/** What a subscription's context holds that the guard reads. */
interface GuardedSubscriptionContext {
  readonly principal?: Principal | null;
  readonly request?: FastifyRequest;
}

/**
 * Wraps every `Subscription.<field>.subscribe` of a resolver map. mercurius parses WebSocket
 * subscriptions but does not validate them, so the wrapper does, before our resolver runs:
 * {@link limitRules}, then graphql-js' rules, then {@link checkOperation} (with the already
 * coerced `info.variableValues`), then the connection's subscription cap; the cap is released
 * when the subscription ends. Errors reach the client as the subscription's error message.
 */
export function guardSubscriptions<R extends Record<string, object>>(
  resolvers: R,
  options: GraphQLGuardOptions & { readonly connections: ConnectionGuard },
): R {
  const subscription = resolvers.Subscription as Record<string, { subscribe: Subscribe }> | undefined;
  if (!subscription) return resolvers;
  const rules = limitRules(options.limits);
  const guard =
    (subscribe: Subscribe): Subscribe =>
    async (root, args, context, info) => {
      const ctx = context as GuardedSubscriptionContext;
      const document: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [info.operation, ...Object.values(info.fragments)],
      };
      for (const set of [rules, specifiedRules]) {
        const errors = validate(info.schema, document, set);
        if (errors.length > 0) throw refusalOf(errors);
      }
      checkOperation({
        schema: info.schema,
        document,
        operationName: info.operation.name?.value,
        variables: info.variableValues,
        coerced: true,
        principal: ctx.principal ?? null,
        production: options.production,
        limits: options.limits,
      });
      const release = options.connections.acquireSubscription(ctx.request);
      let source: unknown;
      try {
        source = await subscribe(root, args, context, info);
      } catch (error) {
        release();
        throw error;
      }
      const events = filterIterator(
        (source as AsyncIterable<unknown>)[Symbol.asyncIterator](),
        () => true,
        (item) => item,
        release,
      );
      // Released at once on completion (not after the source's return settles), so a subscribe
      // that follows a complete on the same connection finds the slot free.
      const iterator: AsyncIterableIterator<unknown> = {
        next: () => events.next(),
        return: () => {
          release();
          return events.return!();
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    };
  const guarded = Object.fromEntries(
    Object.entries(subscription).map(([field, resolver]) => [
      field,
      { ...resolver, subscribe: guard(resolver.subscribe) },
    ]),
  );
  return { ...resolvers, Subscription: guarded };
}
