import type { RebuildJob } from '../projections/rebuild-jobs.ts';

/**
 * The pushes of `rebuildProgress`: `current` first, then each update from `source` (read after
 * subscribing, so none is missed), ending after the first DONE or FAILED. Hand-written for the
 * reason given in `filter-iterator.ts` (return() must not wait for an idle source).
 */
export function rebuildProgressIterator<T>(
  current: RebuildJob,
  source: AsyncIterator<RebuildJob>,
  map: (job: RebuildJob) => T,
): AsyncIterableIterator<T> {
  let first: RebuildJob | null = current;
  let finished = false;
  const close = async () => {
    finished = true;
    await source.return?.();
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      let job: RebuildJob;
      if (first) {
        job = first;
        first = null;
      } else {
        const item = await source.next();
        if (item.done) {
          finished = true;
          return { done: true, value: undefined };
        }
        job = item.value;
      }
      if (job.state !== 'running') await close();
      return { done: false, value: map(job) };
    },
    async return() {
      await close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
