import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

/** A parsed `/metrics` scrape. */
export interface Scrape {
  readonly families: ReadonlyMap<string, PrometheusFamily>;
  /**
   * Sum of the values of `name`'s samples whose labels include `labels` (histograms: their
   * counts); 0 when there are none.
   */
  value(name: string, labels?: Record<string, string>): number;
}

/**
 * GETs `http://127.0.0.1:<port>/metrics` and parses it with a real Prometheus text parser.
 * @throws Error when the status is not 200 or the body is not the text format.
 */
export async function scrapeMetrics(port: number): Promise<Scrape> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${text}`);
  if (!/^text\/plain/.test(response.headers.get('content-type') ?? ''))
    throw new Error(`/metrics content-type ${response.headers.get('content-type')}`);
  const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  return {
    families,
    value(name, labels = {}) {
      const family = families.get(name);
      if (!family) return 0;
      return family.metrics
        .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        .reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0);
    },
  };
}
