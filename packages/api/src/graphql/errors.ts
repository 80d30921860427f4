import { hasErrorCode } from '@orderflow/core';
import type { FastifyBaseLogger } from 'fastify';
import mercurius from 'mercurius';

const { ErrorWithProps } = mercurius;

/**
 * Turns any error thrown by a resolver into a GraphQL error with `extensions.code`: catalog
 * errors keep their code, message and details; anything else becomes INTERNAL with a generic
 * message (the original is logged, never returned).
 */
export function toGraphQLError(error: unknown, log: FastifyBaseLogger): InstanceType<typeof ErrorWithProps> {
  if (hasErrorCode(error) && error.code !== 'INTERNAL') {
    return new ErrorWithProps(error.message, { code: error.code, ...error.details }, 200);
  }
  log.error({ err: error }, 'unexpected error in a resolver');
  return new ErrorWithProps('internal error', { code: 'INTERNAL' }, 500);
}

/** Wraps a resolver so that every error it throws goes through {@link toGraphQLError}. */
export function guarded<Args, Result>(
  resolve: (args: Args, log: FastifyBaseLogger) => Promise<Result>,
): (root: unknown, args: Args, ctx: { reply: { log: FastifyBaseLogger } }) => Promise<Result> {
  return async (_root, args, ctx) => {
    try {
      return await resolve(args, ctx.reply.log);
    } catch (error) {
      throw toGraphQLError(error, ctx.reply.log);
    }
  };
}
