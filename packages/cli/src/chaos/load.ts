/**
 * Order load of a chaos test: a few clients placing orders through GraphQL while a fault
 * happens, each retrying a failed order with the same idempotency key (as a client should), and
 * recording which orders were acknowledged (placeOrder answered without error).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** One GraphQL answer. */
export interface GqlAnswer<T = any> {
  readonly data?: T;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

/**
 * POSTs one GraphQL operation to `origin`/graphql with `authorization`; a network failure or a
 * non-JSON answer becomes `{ errors: [{ message }] }`, never a throw. Times out after 10 s.
 */
export async function gql<T = any>(
  origin: string,
  authorization: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlAnswer<T>> {
  try {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    return (await response.json()) as GqlAnswer<T>;
  } catch (error) {
    return { errors: [{ message: String(error) }] };
  }
}

const REGISTER = `mutation($sku: String!, $stock: Int!) {
  registerProduct(sku: $sku, name: "Chaos product", price: 250, currency: "GBP", initialStock: $stock) { sku }
}`;
const PLACE = `mutation($input: PlaceOrderInput!, $key: String!) {
  placeOrder(input: $input, idempotencyKey: $key) { orderId }
}`;

/** An acknowledged order. */
export interface Acknowledged {
  readonly orderId: string;
  readonly key: string;
}

/** Load running against a server. */
export interface OrderLoad {
  readonly skus: readonly string[];
  /** Orders acknowledged so far. */
  readonly acknowledged: readonly Acknowledged[];
  /** Tries that failed (each is retried with its key), so far. */
  failures(): number;
  /** Stops the clients after their order in progress; resolves with every acknowledged order. */
  stop(): Promise<readonly Acknowledged[]>;
}

/** Options of {@link startOrderLoad}. */
export interface LoadOptions {
  /** Concurrent clients. Default 4. */
  readonly clients?: number;
  /** Pause of a client between orders, ms. Default 20. */
  readonly pauseMs?: number;
  /** Products registered, and the stock of each (small enough that some orders run out). */
  readonly products?: number;
  readonly stock?: number;
}

/**
 * Registers `products` SKUs (retrying until the server takes them), then starts `clients`
 * clients, each placing one-line orders (1–3 units of a random SKU, customer `chaos-<client>`)
 * one after the other; a failed placeOrder is retried every 250 ms with the same idempotency
 * key until it is acknowledged or the load stops.
 */
export async function startOrderLoad(
  origin: string,
  admin: string,
  { clients = 4, pauseMs = 20, products = 6, stock = 400 }: LoadOptions = {},
): Promise<OrderLoad> {
  const run = randomBytes(4).toString('hex');
  const skus = Array.from({ length: products }, (_, i) => `CHAOS-${run}-${i}`);
  for (const sku of skus) {
    for (let attempt = 0; ; attempt++) {
      const answer = await gql(origin, admin, REGISTER, { sku, stock });
      if (!answer.errors) break;
      if (attempt > 50) throw new Error(`registerProduct ${sku}: ${JSON.stringify(answer.errors)}`);
      await sleep(200);
    }
  }
  const acknowledged: Acknowledged[] = [];
  let failures = 0;
  let stopped = false;
  let sequence = 0;
  const client = async (index: number) => {
    while (!stopped) {
      const key = `${run}-${sequence++}`;
      const input = {
        customerId: `chaos-${index}`,
        lines: [
          { sku: skus[Math.floor(Math.random() * skus.length)], quantity: 1 + Math.floor(Math.random() * 3) },
        ],
      };
      while (!stopped) {
        const answer = await gql<{ placeOrder: { orderId: string } }>(origin, admin, PLACE, { input, key });
        if (answer.data?.placeOrder && !answer.errors) {
          acknowledged.push({ orderId: answer.data.placeOrder.orderId, key });
          break;
        }
        failures++;
        await sleep(250);
      }
      await sleep(pauseMs);
    }
  };
  const running = Array.from({ length: clients }, (_, i) => client(i));
  return {
    skus,
    acknowledged,
    failures: () => failures,
    async stop() {
      stopped = true;
      await Promise.all(running);
      return acknowledged;
    },
  };
}
