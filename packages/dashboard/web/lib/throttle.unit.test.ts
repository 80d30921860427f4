import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { throttle } from './throttle.ts';

/** A fake clock whose scheduled callbacks run when time is advanced past them. */
function fakeTime() {
  let now = 0;
  let timers: Array<{ at: number; cb: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    schedule: (cb: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, cb, id });
      return id;
    },
    clear: (id: unknown) => (timers = timers.filter((t) => t.id !== id)),
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.cb();
    },
  };
}

const test = suite('throttle');

test('the first call runs at once; a burst within the interval becomes one trailing call', () => {
  const time = fakeTime();
  let calls = 0;
  const refresh = throttle(() => calls++, 1000, time.now, time.schedule, time.clear);
  refresh();
  assert.is(calls, 1);
  for (let i = 0; i < 50; i++) {
    time.advance(10);
    refresh();
  }
  assert.is(calls, 1, 'nothing more within the interval');
  time.advance(500);
  assert.is(calls, 2, 'one trailing call at the end of the interval');
  time.advance(5000);
  assert.is(calls, 2, 'no call without a change');
  refresh();
  assert.is(calls, 3, 'a change after a quiet interval runs at once');
});

test('cancel drops the pending trailing call', () => {
  const time = fakeTime();
  let calls = 0;
  const refresh = throttle(() => calls++, 1000, time.now, time.schedule, time.clear);
  refresh();
  refresh();
  refresh.cancel();
  time.advance(2000);
  assert.is(calls, 1);
});

test.run();
