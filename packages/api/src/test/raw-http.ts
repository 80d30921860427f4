import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

/** What a raw HTTP exchange saw. */
export interface RawExchange {
  /** Everything the server sent, as text. */
  readonly received: string;
  /** The first error of the client socket (EPIPE, ECONNRESET, …), or null. */
  readonly error: NodeJS.ErrnoException | null;
  /** Bytes of the body the client managed to write. */
  readonly written: number;
}

/**
 * Sends `head` (request line and headers, without the blank line) and then `body` in 64 KiB
 * chunks over a plain TCP socket to 127.0.0.1:`port`, honouring back-pressure, then `after`
 * (another request on the same connection) if given, and collects the answer until the server
 * closes the connection, `responses` responses arrived, or 5 s passed.
 */
export async function rawExchange(
  port: number,
  head: string,
  body: Buffer | null,
  options: { after?: string; chunked?: boolean; responses?: number; waitBeforeBodyMs?: number } = {},
): Promise<RawExchange> {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  let error: NodeJS.ErrnoException | null = null;
  let written = 0;
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', (e) => (error ??= e));
  const closing = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true;
      resolve();
    }),
  );
  await once(socket, 'connect');
  const write = async (data: Buffer | string) => {
    if (closed || error) return false;
    if (!socket.write(data)) await Promise.race([new Promise((r) => socket.once('drain', r)), closing]);
    return !closed && !error;
  };
  await write(`${head}\r\n\r\n`);
  if (options.waitBeforeBodyMs) await new Promise((r) => setTimeout(r, options.waitBeforeBodyMs));
  if (body) {
    for (let offset = 0; offset < body.length; offset += 65_536) {
      const chunk = body.subarray(offset, offset + 65_536);
      const framed = options.chunked
        ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
        : chunk;
      if (!(await write(framed))) break;
      written += chunk.length;
    }
    if (options.chunked) await write('0\r\n\r\n');
  }
  if (options.after) await write(options.after);
  const deadline = Date.now() + 5_000;
  const complete = () =>
    statusCodes(received).filter((s) => s >= 200).length >= (options.responses ?? 1) &&
    received.endsWith('}');
  while (!closed && !complete() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  socket.destroy();
  return { received, error, written };
}

/** The status codes of the HTTP responses in `received`, in order. */
export const statusCodes = (received: string): number[] =>
  [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
