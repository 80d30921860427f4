import { GraphQLError } from 'graphql';
import mercurius from 'mercurius';
import { tokenLimitOf } from '../limits/query-rules.ts';

type Formatter = typeof mercurius.defaultErrorFormatter;

/** fastify errors that have a catalog meaning, by fastify's code. */
const FASTIFY_ERRORS: Record<string, Record<string, unknown>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'QUERY_TOO_COMPLEX', limit: 'bodyBytes' },
};

/** Gives a fastify error (body too large, …) its catalog code, keeping message and status. */
const withCatalogCode = (error: GraphQLError): GraphQLError => {
  const fastifyCode = (error.originalError as { code?: unknown } | undefined)?.code;
  const extensions = typeof fastifyCode === 'string' ? FASTIFY_ERRORS[fastifyCode] : undefined;
  if (!extensions) return error;
  return new GraphQLError(error.message, {
    originalError: error.originalError,
    extensions: { ...error.extensions, ...extensions },
  });
};

/**
 * mercurius' error formatter with a catalog code on every error (`extensions.code`): errors that
 * carry one keep it; graphql-js' "too many tokens" is QUERY_TOO_COMPLEX `{ limit: 'tokens', max }`;
 * fastify's body-too-large QUERY_TOO_COMPLEX `{ limit: 'bodyBytes' }`; an error without a code
 * raised while executing (it has a `path`: a value a scalar cannot serialize) INTERNAL; any
 * other error without a code (syntax, unknown fields, wrong types, bad bodies) VALIDATION_FAILED.
 */
export const errorFormatter: Formatter = (execution, context) => {
  const errors = execution.errors?.map(withCatalogCode);
  const formatted = mercurius.defaultErrorFormatter({ ...execution, errors } as typeof execution, context);
  const coded = (formatted.response.errors ?? []).map((e) => {
    if (e.extensions?.code) return e;
    // A codeless error with a path arose while executing (e.g. a value a scalar cannot
    // serialize): the server's fault. Without a path it is the request's, refused before
    // anything ran.
    if (e.path) return { ...e, extensions: { ...e.extensions, code: 'INTERNAL' } };
    const max = tokenLimitOf(e.message);
    const extensions =
      max === null ? { code: 'VALIDATION_FAILED' } : { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max };
    return { ...e, extensions: { ...e.extensions, ...extensions } };
  });
  return { statusCode: formatted.statusCode, response: { ...formatted.response, errors: coded } };
};
