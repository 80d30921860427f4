import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a server, whose link a test cuts and restores (an outage without stopping the server). */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Destroys every proxied connection and refuses new ones (the port stays bound and resets them). */
  cut(): void;
  /** Accepts and forwards connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Starts a TCP proxy on a free port of 127.0.0.1 forwarding to `target` (`host:port`). While
 * {@link TcpProxy.cut}, open connections are destroyed and new ones closed at once — to the
 * client like a server that went away (ECONNRESET, "Connection terminated unexpectedly").
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = createConnection(target);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cutLink = () => {
    cut = true;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port,
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: cutLink,
    restore() {
      cut = false;
    },
    async close() {
      cutLink();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
