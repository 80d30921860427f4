import { fallbackLogger, hasErrorCode } from '@orderflow/core';
import type { FastifyBaseLogger } from 'fastify';
import mercurius from 'mercurius';
import type { Principal } from '../auth/principal.ts';

const { ErrorWithProps } = mercurius;

/**
 * Turns any error thrown by a resolver into a GraphQL error with `extensions.code`: catalog
 * errors keep their code, message and details; anything else becomes INTERNAL with a generic
 * message (the original is logged, never returned).
 */
export function toGraphQLError(
  error: unknown,
  log: Pick<FastifyBaseLogger, 'error'> = fallbackLogger('graphql'),
): InstanceType<typeof ErrorWithProps> {
  if (hasErrorCode(error) && error.code !== 'INTERNAL') {
    return new ErrorWithProps(error.message, { ...error.details, code: error.code }, 200);
  }
  log.error({ err: error }, 'unexpected error in a resolver');
  return new ErrorWithProps('internal error', { code: 'INTERNAL' }, 500);
}

/** What resolvers get from the request: its logger and the caller's principal. */
export interface RequestContext {
  readonly log: FastifyBaseLogger;
  /** The caller, from `authorization: Bearer <key>`; null when there is no valid key. */
  readonly principal: Principal | null;
}

/** The mercurius context as the wrapped resolvers read it. */
interface MercuriusRequestContext {
  reply: { log: FastifyBaseLogger };
  principal?: Principal | null;
}

/**
 * Wraps a resolver so that every error it throws goes through {@link toGraphQLError}; the
 * resolver gets its arguments and the {@link RequestContext}.
 */
export function guarded<Args, Result>(
  resolve: (args: Args, ctx: RequestContext) => Promise<Result>,
): (root: unknown, args: Args, ctx: MercuriusRequestContext) => Promise<Result> {
  return async (_root, args, ctx) => {
    const log = ctx.reply.log;
    try {
      return await resolve(args, { log, principal: ctx.principal ?? null });
    } catch (error) {
      throw toGraphQLError(error, log);
    }
  };
}
