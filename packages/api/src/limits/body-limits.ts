import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { invalidRequest, tooComplex } from './refusals.ts';

/**
 * A body refused for its size is still read and thrown away, up to this many bytes, so that the
 * client can finish sending and read the 413 (instead of an EPIPE or a reset: closing a socket
 * with unread data makes the kernel answer with RST). Past it the socket is closed. 64 MiB.
 */
export const DRAIN_MAX_BYTES = 64 * 1_048_576;

/** …and for at most this long, ms (nginx' lingering_time is 30 s). 10,000. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** Reads and discards the rest of `request`, closing its socket past the drain bounds. */
function drain(request: IncomingMessage): void {
  let bytes = 0;
  const stop = () => request.socket.destroy();
  const timer = setTimeout(stop, DRAIN_TIMEOUT_MS).unref();
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > DRAIN_MAX_BYTES) stop();
  });
  request.once('end', () => clearTimeout(timer));
  request.once('close', () => clearTimeout(timer));
  request.resume();
}

const tooLarge = (limit: number) =>
  tooComplex(`the request body is larger than ${limit} bytes`, { limit: 'bodyBytes', max: limit }, 413);

/**
 * Request-body hygiene for every route:
 * - a Content-Length above `limit` is answered 413 (QUERY_TOO_COMPLEX `{ limit: 'bodyBytes' }`)
 *   before the body is read; the body is then drained (bounded) so the client sees the answer,
 *   not a broken pipe. With `Expect: 100-continue` the 413 comes instead of the 100, and the
 *   client sends nothing. A chunked body that grows past the limit gets the same 413 and drain.
 * - JSON bodies must be valid UTF-8 (Node would silently put U+FFFD in): 400
 *   VALIDATION_FAILED `{ field: 'body' }`; invalid JSON stays fastify's 400, proto poisoning is
 *   refused as invalid JSON.
 */
export function installBodyLimits(app: FastifyInstance, limit: number): void {
  app.server.on('checkContinue', (request, response) => {
    if (Number(request.headers['content-length']) > limit) {
      const error = tooLarge(limit);
      const body = JSON.stringify({
        data: null,
        errors: [{ message: error.message, extensions: error.extensions }],
      });
      response.writeHead(413, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      response.end(body);
      return;
    }
    response.writeContinue();
    app.server.emit('request', request, response);
  });
  app.addHook('onRequest', async (request, reply) => {
    const length = Number(request.headers['content-length']);
    if (length > limit) {
      // Too big to drain: close after the answer (Node would otherwise read it all).
      if (length > DRAIN_MAX_BYTES) reply.header('connection', 'close');
      else drain(request.raw);
      throw tooLarge(limit);
    }
  });
  // A chunked body that outgrew the limit: fastify stopped reading it and asks to close the
  // connection; drain it instead, so the client reads the 413.
  app.addHook('onSend', async (request, reply) => {
    if (
      reply.statusCode === 413 &&
      request.headers['content-length'] === undefined &&
      !request.raw.complete
    ) {
      reply.removeHeader('connection');
      drain(request.raw);
    }
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isUtf8(body as Buffer)) {
      done(invalidRequest('the request body is not valid UTF-8', { field: 'body' }), undefined);
      return;
    }
    parseJson(request, (body as Buffer).toString('utf8'), done);
  });
}
