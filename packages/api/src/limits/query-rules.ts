import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  Lexer,
  Source,
  TokenKind,
  type GraphQLError,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from './options.ts';
import { tooComplexValidationError, type ComplexityLimit } from './refusals.ts';
import { maxFieldRepeatsRule } from './repeated-fields-rule.ts';

/**
 * graphql-armor reports with `Syntax Error: <Kind> limit of N exceeded, found M.`; this reports
 * the same through the validation context as QUERY_TOO_COMPLEX `{ limit, max, found }` instead
 * of throwing (`propagateOnRejection: false`), so the other rules and mercurius' error cache work.
 */
const reportAs = (limit: ComplexityLimit, max: number) => ({
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? Number.NaN);
      const message = error.message.replace(/^Syntax Error: /, '');
      context?.reportError(
        tooComplexValidationError(message, { limit, max, ...(Number.isFinite(found) && { found }) }),
      );
    },
  ],
});

/**
 * The validation rules that bound an operation's shape: depth, aliases, directives
 * (graphql-armor) and repeated fields. Each is linear in the document, so they run before
 * graphql-js' own rules (some of which are not).
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...reportAs('depth', limits.maxDepth) }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs('aliases', limits.maxAliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('directives', limits.maxDirectives) }),
    maxFieldRepeatsRule(limits.maxFieldRepeats),
  ] as ValidationRule[];
}

/**
 * Lexical tokens of `source`, counted up to `max + 1` (so the cost is bounded too); a lexing
 * error stops the count (the parser reports it). Used where a document was parsed without
 * graphql-js' `maxTokens` (WebSocket subscriptions).
 */
export function countTokens(source: string, max: number): number {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (tokens <= max && lexer.advance().kind !== TokenKind.EOF) tokens++;
  } catch {
    // a syntax error: parse() reports it
  }
  return tokens;
}

/** graphql-js' message when `parse(…, { maxTokens })` gives up. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/;

/** The token limit of a graphql-js "too many tokens" syntax error message, else null. */
export const tokenLimitOf = (message: string): number | null => {
  const match = TOKEN_LIMIT.exec(message);
  return match ? Number(match[1]) : null;
};
