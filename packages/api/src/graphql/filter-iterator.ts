/**
 * The items of `source` that `keep` accepts, mapped by `map`; `onEnd` runs once when the
 * consumer stops (return()) or the source ends. Hand-written rather than an async generator:
 * a generator's return() waits for its pending next(), which never settles while the source is
 * idle, so an unsubscribed client would leak its subscription.
 */
export function filterIterator<S, T>(
  source: AsyncIterator<S>,
  keep: (item: S) => boolean | Promise<boolean>,
  map: (item: S) => T,
  onEnd: () => Promise<void> | void = () => undefined,
): AsyncIterableIterator<T> {
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await onEnd();
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done) {
          await end();
          return { done: true, value: undefined };
        }
        if (await keep(item.value)) return { done: false, value: map(item.value) };
      }
    },
    async return() {
      await source.return?.();
      await end();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
