/** GraphQL documents and a tiny client the host's tests drive servers with. */

export const REGISTER = `mutation($sku: String!, $stock: Int!) {
  registerProduct(sku: $sku, name: "Test product", price: 250, currency: "GBP", initialStock: $stock) { sku position }
}`;

export const PLACE = `mutation($input: PlaceOrderInput!, $key: String!) {
  placeOrder(input: $input, idempotencyKey: $key) { orderId position }
}`;

/** The input of order number `i` over `skus`: one or two lines of unit price 250. */
export const orderInput = (i: number, skus: readonly string[]) => ({
  customerId: `c-${i % 7}`,
  lines: [
    { sku: skus[i % skus.length]!, quantity: 1 + (i % 2), unitPrice: 250 },
    ...(i % 3 === 0 ? [{ sku: skus[(i + 1) % skus.length]!, quantity: 1, unitPrice: 250 }] : []),
  ],
});

/**
 * POSTs one GraphQL operation to `url` with `authorization: Bearer <key>`.
 * @throws Error with the GraphQL errors or the HTTP status.
 */
export async function postGraphQL<T>(
  url: string,
  key: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors?.length)
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data!;
}
