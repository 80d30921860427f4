import WebSocket from 'ws';

/** A graphql-transport-ws message. */
export interface WsMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** A raw GraphQL WebSocket for protocol-level tests: send anything, watch messages and the close. */
export interface RawWs {
  readonly messages: WsMessage[];
  send(message: unknown): void;
  /** Sends connection_init with `authorization` and resolves on connection_ack (rejects on close). */
  init(authorization?: string): Promise<void>;
  /** Resolves with the first message (already received or later) that `match` accepts. */
  next(match: (m: WsMessage) => boolean, timeoutMs?: number): Promise<WsMessage>;
  /** Resolves with the close code and reason (at most `timeoutMs` later, else rejects). */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a graphql-transport-ws connection to `url` and resolves once it is open. */
export async function openWs(url: string): Promise<RawWs> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: WsMessage[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  let closeInfo: { code: number; reason: string } | null = null;
  socket.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()) as WsMessage);
    wake();
  });
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString() };
    wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return false;
        waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(
          new Error(
            `no ${what} within ${timeoutMs} ms; got ${JSON.stringify(messages)}, close ${JSON.stringify(closeInfo)}`,
          ),
        );
      }, timeoutMs);
      if (!attempt()) waiters.add(attempt);
    });
  const ws: RawWs = {
    messages,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async init(authorization) {
      ws.send({ type: 'connection_init', payload: authorization ? { authorization } : {} });
      const outcome = await waitFor(
        () => (messages.some((m) => m.type === 'connection_ack') ? 'ack' : closeInfo ? 'closed' : undefined),
        5_000,
        'connection_ack',
      );
      if (outcome === 'closed') throw new Error(`closed ${closeInfo!.code} ${closeInfo!.reason}`);
    },
    next: (match, timeoutMs = 5_000) => waitFor(() => messages.find(match), timeoutMs, 'matching message'),
    closed: (timeoutMs = 5_000) => waitFor(() => closeInfo ?? undefined, timeoutMs, 'close'),
    close: () => socket.close(),
  };
  return ws;
}
