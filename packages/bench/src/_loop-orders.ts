/**
 * The catalog and the orders `pnpm bench loop` places: a seeded generator, so two runs with the
 * same `--seed` place the same orders (only the idempotency keys differ between runs).
 */

/** One registered product: SKU, price in minor units (pence, GBP). */
export interface CatalogProduct {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: number;
}

/** Units each product starts with: 10,000,000 (the domain's largest stock change), never sold out. */
export const INITIAL_STOCK = 10_000_000;

/** `count` products LOOP-001…, priced 1.50 GBP, 1.75 GBP, … (150 + 25·i pence). */
export const loopCatalog = (count: number): CatalogProduct[] =>
  Array.from({ length: count }, (_, i) => ({
    sku: `LOOP-${String(i + 1).padStart(3, '0')}`,
    name: `Loop benchmark product ${i + 1}`,
    unitPrice: 150 + 25 * i,
  }));

/**
 * A small fast seeded PRNG (mulberry32, Tommy Ettinger's public-domain generator) returning
 * floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `input` of one placeOrder mutation, as sent. */
export interface PlaceOrderInput {
  readonly customerId: string;
  readonly currency: 'GBP';
  readonly shippingCountry: string;
  readonly lines: ReadonlyArray<{
    readonly sku: string;
    readonly quantity: number;
    readonly unitPrice?: number;
  }>;
  readonly couponCodes?: readonly string[];
}

/** The coupon `--coupons` orders carry: 10 % off, no limits, so no order is refused it. */
export const LOOP_COUPON = {
  code: 'LOOP10',
  kind: 'PERCENT_OFF',
  value: 1000,
  stackable: true,
} as const;

/** Options of {@link orderGenerator}. */
export interface OrderGeneratorOptions {
  readonly catalog: readonly CatalogProduct[];
  /** Customer ids are `loop-customer-0 … loop-customer-(customers − 1)`. */
  readonly customers: number;
  readonly seed: number;
  /** Send each line's unitPrice (the registered price); false omits it (`--no-unit-price`). */
  readonly unitPrice: boolean;
  /** Every order carries {@link LOOP_COUPON} (`--coupons`). Default false. */
  readonly coupons?: boolean;
}

/**
 * A generator of orders: 1–3 lines of distinct SKUs picked uniformly from the catalog, each
 * with quantity 1–3, for a customer picked uniformly from `customers`; shipping to the United
 * Kingdom in GBP.
 */
export function orderGenerator(options: OrderGeneratorOptions): () => PlaceOrderInput {
  const random = mulberry32(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const { catalog } = options;
  return () => {
    const lineCount = Math.min(catalog.length, 1 + pick(3));
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(pick(catalog.length));
    return {
      customerId: `loop-customer-${pick(options.customers)}`,
      currency: 'GBP',
      shippingCountry: 'United Kingdom',
      lines: [...chosen].map((index) => {
        const product = catalog[index]!;
        const quantity = 1 + pick(3);
        return options.unitPrice
          ? { sku: product.sku, quantity, unitPrice: product.unitPrice }
          : { sku: product.sku, quantity };
      }),
      ...(options.coupons ? { couponCodes: [LOOP_COUPON.code] } : {}),
    };
  };
}
