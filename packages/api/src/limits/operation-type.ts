import { getOperationAST, parse, type OperationTypeNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/** What a request runs: an operation type, no operation of that name, or a document that does not parse. */
export type OperationKind = OperationTypeNode | 'no-operation' | 'unparsable';

/** Documents longer than this (characters) are classified but not cached. */
const CACHED_SOURCE_LENGTH = 8_192;

/**
 * Classifies GraphQL requests by the type of the operation they run, before mercurius executes
 * them (the rate limiter keeps separate budgets for mutations and queries). Parses with
 * graphql-js under `maxTokens`, without locations; the answers for up to 2,000 recent
 * (document, operationName) pairs are cached, so a client repeating its queries costs one lookup.
 * @returns `(query, operationName) →` {@link OperationKind}; `'unparsable'` also for a query
 *   that is not a string (mercurius then refuses the request).
 */
export function operationTypes(maxTokens: number): (query: unknown, operationName: unknown) => OperationKind {
  const cache = new LRUCache<string, OperationKind>({ max: 2_000 });
  return (query, operationName) => {
    if (typeof query !== 'string') return 'unparsable';
    const name = typeof operationName === 'string' ? operationName : undefined;
    const key = `${name ?? ''}\n${query}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let kind: OperationKind;
    try {
      kind =
        getOperationAST(parse(query, { maxTokens, noLocation: true }), name)?.operation ?? 'no-operation';
    } catch {
      kind = 'unparsable';
    }
    if (query.length <= CACHED_SOURCE_LENGTH) cache.set(key, kind);
    return kind;
  };
}
