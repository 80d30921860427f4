import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { classify } from './_loop-graphql.ts';
import { collectEnv, parseRates } from './_loop-options.ts';
import { loopCatalog, orderGenerator } from './_loop-orders.ts';
import { cpuTicksByGroup, parseProcStat, type ProcStat } from './_loop-proc.ts';
import { dueUntil, scheduledCount, scheduledOffsetMs } from './_loop-schedule.ts';
import { highestSustainedRate, nextProbeRate, summariseLoops, type OrderLoop } from './_loop-summary.ts';
import { percentile } from './_stats.ts';

test('percentile: nearest rank, NaN when there is no sample', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
  assert.equal(percentile(samples, 50), 50);
  assert.equal(percentile(samples, 99), 99);
  assert.equal(percentile(samples, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('open-loop schedule: request i is due at i/rate, whatever came before', () => {
  assert.equal(scheduledCount(1000, 30), 30_000);
  assert.equal(scheduledCount(30, 0.5), 15);
  assert.equal(scheduledOffsetMs(0, 100), 0);
  assert.equal(scheduledOffsetMs(250, 1000), 250);
  // At 1000/s, 10.5 ms in: requests 0…10 are due.
  assert.equal(dueUntil(0, 10.5, 1000, 100), 11);
  // A dispatcher that fell behind sends everything overdue at once, never beyond the total.
  assert.equal(dueUntil(3, 1000, 1000, 100), 100);
  // Nothing new due yet: the end stays at `next`.
  assert.equal(dueUntil(5, 1, 1000, 100), 5);
  // Exactly on the due time counts as due (no float drift at 300/s).
  assert.equal(dueUntil(0, scheduledOffsetMs(7, 300), 300, 100), 8);
});

test('/proc/<pid>/stat: fields after a comm holding spaces and parentheses', () => {
  const line =
    '4242 (postgres: x (y)) S 4200 4242 4242 0 -1 4194560 500 0 0 0 1234 567 89 10 20 0 1 0 4000 123456 789 ' +
    '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
  assert.deepEqual(parseProcStat(line), {
    pid: 4242,
    comm: 'postgres: x (y)',
    ppid: 4200,
    utime: 1234,
    stime: 567,
    cutime: 89,
    cstime: 10,
  });
  assert.throws(() => parseProcStat('garbage'), TypeError);
});

test('CPU groups: server tree without the cluster, cluster with its reaped backends, bench alone', () => {
  const p = (pid: number, ppid: number, comm: string, own: number, reaped = 0): ProcStat => ({
    pid,
    ppid,
    comm,
    utime: own,
    stime: 0,
    cutime: reaped,
    cstime: 0,
  });
  const procs = new Map(
    [
      p(10, 1, 'node', 100, 5), // the server, 5 ticks of reaped children
      p(11, 10, 'esbuild', 3),
      p(20, 10, 'postgres', 7, 40), // postmaster, 40 ticks of exited backends
      p(21, 20, 'postgres', 50),
      p(22, 20, 'postgres', 25),
      p(30, 1, 'node', 9), // the bench
      p(40, 1, 'other', 1000),
    ].map((s) => [s.pid, s]),
  );
  assert.deepEqual(cpuTicksByGroup(procs, { server: 10, postmaster: 20, bench: 30 }), {
    server: 100 + 3 + 5,
    postgres: 7 + 40 + 50 + 25,
    bench: 9,
  });
  assert.equal(cpuTicksByGroup(procs, { server: 10, postmaster: null, bench: 30 }).postgres, null);
});

test('sustained rate: completed orders over first send → last terminal event, deadline applies', () => {
  const loop = (
    created: number,
    terminal: number | null,
    type: OrderLoop['terminalType'] = 'OrderConfirmed',
  ) => ({
    orderId: `o${created}`,
    createdAt: created,
    terminalAt: terminal,
    terminalType: terminal === null ? null : type,
  });
  const t0 = 1_000_000;
  const loops = [
    loop(t0 + 10, t0 + 110),
    loop(t0 + 500, t0 + 700, 'OrderCancelled'),
    loop(t0 + 900, t0 + 2000),
    loop(t0 + 950, null), // never ended
    loop(t0 + 960, t0 + 9000), // ended after the deadline
  ];
  const s = summariseLoops(loops, t0, t0 + 5000);
  assert.equal(s.completed, 3);
  assert.equal(s.confirmed, 2);
  assert.equal(s.cancelled, 1);
  assert.equal(s.notTerminal, 2);
  assert.equal(s.sustainedSeconds, 2);
  assert.equal(s.sustainedRate, 1.5);
  assert.equal(s.p50, 200);
  assert.equal(s.max, 1100);
  const none = summariseLoops([loop(t0, null)], t0, t0 + 5000);
  assert.equal(none.sustainedRate, 0);
  assert.equal(none.notTerminal, 1);
});

test('highest sustained rate and --find-max probes', () => {
  const step = (rate: number, sustainedRate: number, loopP99 = 200) => ({ rate, sustainedRate, loopP99 });
  const steps = [step(100, 99), step(300, 290), step(1000, 600)];
  assert.equal(highestSustainedRate(steps), 300);
  assert.equal(highestSustainedRate([step(100, 99, 1500)]), null); // too slow a loop
  assert.equal(nextProbeRate(steps), 650); // bisects 300 … 1000
  assert.equal(nextProbeRate([step(100, 99)]), 150); // no failure yet: ×1.5
  assert.equal(nextProbeRate([step(100, 50)]), 50); // no pass: halve
  assert.equal(nextProbeRate([step(300, 299), step(320, 200)]), null); // bracket within 10 %
});

test('orders: distinct SKUs, 1–3 lines of 1–3 units, prices as registered or omitted', () => {
  const catalog = loopCatalog(50);
  assert.equal(catalog[0]!.sku, 'LOOP-001');
  const next = orderGenerator({ catalog, customers: 1000, seed: 7, unitPrice: true });
  for (let i = 0; i < 500; i++) {
    const order = next();
    assert.ok(order.lines.length >= 1 && order.lines.length <= 3);
    assert.equal(new Set(order.lines.map((l) => l.sku)).size, order.lines.length);
    for (const line of order.lines) {
      assert.ok(line.quantity >= 1 && line.quantity <= 3);
      assert.equal(line.unitPrice, catalog.find((p) => p.sku === line.sku)!.unitPrice);
    }
  }
  const same = orderGenerator({ catalog, customers: 1000, seed: 7, unitPrice: false });
  const again = orderGenerator({ catalog, customers: 1000, seed: 7, unitPrice: false });
  assert.deepEqual(same(), again());
  assert.equal('unitPrice' in same().lines[0]!, false);
});

test('error codes: GraphQL extensions.code first, then the HTTP status', () => {
  assert.equal(classify({ status: 200, body: '{"data":{"placeOrder":{"orderId":"x"}}}' }), null);
  assert.equal(
    classify({ status: 200, body: '{"errors":[{"message":"m","extensions":{"code":"OUT_OF_STOCK"}}]}' }),
    'OUT_OF_STOCK',
  );
  assert.equal(classify({ status: 500, body: '{"errors":[{"message":"m"}]}' }), 'GRAPHQL_ERROR_HTTP_500');
  assert.equal(classify({ status: 503, body: 'busy' }), 'HTTP_503');
  assert.equal(classify({ status: 200, body: '{}' }), 'BAD_RESPONSE');
});

test('options: --rates list and repeatable --server-env', () => {
  assert.deepEqual(parseRates('100, 300,1000'), [100, 300, 1000]);
  assert.throws(() => parseRates('100,-1'));
  assert.throws(() => parseRates('fast'));
  assert.deepEqual(collectEnv('B=x=y', collectEnv('A=1', {})), { A: '1', B: 'x=y' });
  assert.throws(() => collectEnv('no-equals', {}));
});

test.run();
