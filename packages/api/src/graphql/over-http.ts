import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The GraphQL-over-HTTP spec's own response media type (spec draft, "application/graphql-response+json"). */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * The response media type a request asks for: `graphql-response` when its Accept header ranks
 * application/graphql-response+json at least as high as application/json (q-values, RFC 9110
 * §12.5.1; `*\/*` and `application/*` count for application/json), `json` when it names
 * application/json (or a wildcard) only, `default` without an Accept header (or one naming
 * neither): answered as application/json with the API's usual status codes.
 */
export type ResponseMedia = 'graphql-response' | 'json' | 'default';

/** Accept header → the q-value of each media range it lists (lower case, parameters dropped). */
function qualities(accept: string): Map<string, number> {
  const ranges = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!range) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    ranges.set(range, Number.isFinite(value) ? value : 0);
  }
  return ranges;
}

/** See {@link ResponseMedia}. */
export function responseMediaOf(accept: string | undefined): ResponseMedia {
  if (!accept) return 'default';
  const q = qualities(accept);
  const graphql = q.get(GRAPHQL_RESPONSE_JSON) ?? 0;
  const json = q.get('application/json') ?? q.get('application/*') ?? q.get('*/*') ?? 0;
  if (graphql > 0 && graphql >= json) return 'graphql-response';
  return json > 0 ? 'json' : 'default';
}

const isMap = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown, check: (v: unknown) => boolean) =>
  value === undefined || value === null || check(value);

/**
 * Whether the request's parameters form a well-formed GraphQL-over-HTTP request (spec §
 * "Request Parameters"): a map with a string `query`, and `operationName` a string, `variables`
 * and `extensions` maps, each optional or null. GET parameters arrive as strings (variables and
 * extensions JSON-encoded). A body that could not be parsed leaves no map: not well-formed.
 * Judged before fastify's schema validation, which coerces (a number `query` becomes a string).
 */
function isWellFormed(request: FastifyRequest): boolean {
  const params = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown>;
  if (!isMap(params) || typeof params.query !== 'string') return false;
  if (!optional(params.operationName, (v) => typeof v === 'string')) return false;
  const map = request.method === 'GET' ? (v: unknown) => typeof v === 'string' : isMap;
  return optional(params.variables, map) && optional(params.extensions, map);
}

/**
 * What the GraphQL-over-HTTP spec asks of /graphql beyond what mercurius does (the reference
 * audit, graphql-http's `serverAudits`, runs in graphql-http-audit.e2e.test.ts):
 * - `"extensions": null` is accepted like an absent one (mercurius' body schema wants an object);
 * - Accept application/graphql-response+json (see {@link responseMediaOf}) is answered in that
 *   type; a refused request (4xx) then has no `data` entry, as the spec says of request errors;
 * - Accept application/json names the legacy type, whose clients read the status of a
 *   well-formed request as transport success: a refusal of a well-formed request (parse,
 *   validation, variables, limits on the document: 400) is answered 200 with the same errors.
 *   A request that is not well-formed (no query, a batch, bad JSON) stays 400; 401/403/413/429
 *   stay what they are.
 * Without an Accept header the answer is application/json with the API's usual status codes
 * (400 for a refused document), which the API's clients and tests rely on.
 * Every answer carries `Vary: Accept`.
 */
export function graphqlOverHttp(app: FastifyInstance, path: string): void {
  const wellFormed = new WeakSet<FastifyRequest>();
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url !== path) return;
    if (isWellFormed(request)) wellFormed.add(request);
    const body = request.body as Record<string, unknown> | null;
    if (request.method === 'POST' && isMap(body) && body!.extensions === null) delete body!.extensions;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== path || request.ws) return payload;
    reply.header('vary', 'accept');
    const media = responseMediaOf(request.headers.accept);
    if (media === 'json' && reply.statusCode === 400 && wellFormed.has(request)) reply.code(200);
    if (media !== 'graphql-response') return payload;
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    try {
      const { data: _data, ...rest } = JSON.parse(payload) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return payload;
    }
  });
}
