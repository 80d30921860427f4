/** Records what GET /ready answered while a chaos test ran. */

/** One answer of /ready: when (ms since the recorder started) and the status (0: no answer). */
export interface ReadySample {
  readonly atMs: number;
  readonly status: number;
}

/** A running recorder of /ready. */
export interface ReadinessRecorder {
  readonly samples: readonly ReadySample[];
  /** The body of the last answer that was not 200 ('' when none). */
  lastNotReady(): string;
  /** Statuses seen since `sinceMs` (ms since the start). */
  seenSince(sinceMs: number): Set<number>;
  /** Ms since the recorder started. */
  now(): number;
  stop(): Promise<void>;
}

/** Polls `origin`/ready every `intervalMs` (default 200) until stopped, each request bounded to 2 s. */
export function recordReadiness(origin: string, intervalMs = 200): ReadinessRecorder {
  const start = Date.now();
  const samples: ReadySample[] = [];
  let stopped = false;
  let notReady = '';
  const loop = (async () => {
    while (!stopped) {
      const status = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(2000) }).then(
        async (r) => {
          if (r.status !== 200) notReady = await r.text().catch(() => '');
          return r.status;
        },
        () => 0,
      );
      samples.push({ atMs: Date.now() - start, status });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    samples,
    lastNotReady: () => notReady,
    seenSince: (sinceMs) => new Set(samples.filter((s) => s.atMs >= sinceMs).map((s) => s.status)),
    now: () => Date.now() - start,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
