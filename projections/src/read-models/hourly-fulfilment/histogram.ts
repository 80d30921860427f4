/**
 * Fulfilment times as a log-scale histogram with fixed buckets (the scheme of HdrHistogram and
 * of DDSketch, Masson et al., VLDB 2019): bucket `b ≥ 0` holds durations d (ms) with
 * 2^(b/8) ≤ d < 2^((b+1)/8), i.e. each bucket is 2^(1/8) ≈ 1.0905 times as wide as the one
 * below; bucket −1 holds 0 ms (and negative durations from clock skew, clamped to 0). One
 * day (8.64e7 ms) is bucket 211, so an hour's histogram has at most a few hundred rows.
 *
 * A percentile is read as the geometric middle of its bucket, 2^((b+½)/8), so it is within a
 * factor 2^(1/16) of the exact one: a relative error of at most 4.4 % (±1 ms rounding).
 */
export const BUCKETS_PER_DOUBLING = 8;

/** The bucket of a duration of `ms` milliseconds. */
export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return -1;
  return Math.floor(Math.log2(ms) * BUCKETS_PER_DOUBLING);
}

/** The value a bucket stands for, in whole ms: its geometric middle (0 for bucket −1). */
export function bucketValue(bucket: number): number {
  if (bucket < 0) return 0;
  return Math.round(2 ** ((bucket + 0.5) / BUCKETS_PER_DOUBLING));
}

/** One bucket of a histogram and how many durations fell in it. */
export interface HistogramBucket {
  readonly bucket: number;
  readonly count: number;
}

/**
 * The nearest-rank `p`-th percentile (0 < p ≤ 100: the smallest duration that at least p % of
 * them do not exceed) of the durations counted in `buckets` (any order), as {@link bucketValue}
 * of its bucket; null for an empty histogram.
 */
export function percentile(buckets: readonly HistogramBucket[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return bucketValue(b.bucket);
  }
  return bucketValue(sorted.at(-1)!.bucket);
}
