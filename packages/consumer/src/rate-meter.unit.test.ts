import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { RateMeter } from './rate-meter.ts';

test('events per second over the window, forgetting older seconds', () => {
  let now = 1_000_000;
  const meter = new RateMeter(10_000, () => now);
  meter.add(50);
  now += 1000;
  meter.add(50);
  assert.equal(meter.perSecond(), 10);
  now += 9_500; // the first second has left the window
  assert.equal(meter.perSecond(), 5);
  now += 20_000;
  assert.equal(meter.perSecond(), 0);
});

test.run();
