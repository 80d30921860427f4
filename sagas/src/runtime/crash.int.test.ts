import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { newId } from '@orderflow/core';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { countEffects, placeOrder, registerProduct } from '../testing/orders.ts';
import { startTestProvider } from '../testing/provider.ts';

const WORKER = fileURLToPath(new URL('../testing/crash-worker.ts', import.meta.url));
const SKUS = ['S1', 'S2', 'S3'];
type Kind = 'approve' | 'decline' | 'ignore';

/** A crash-worker child process (see crash-worker.ts). */
function startWorker(url: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: url, PAYMENT_TIMEOUT_MS: '3000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = () => eventually('worker ready', () => output.includes('ready'), { timeoutMs: 20_000 });
  return { child, exited, ready, output: () => output };
}

const test = suite<{ t: SagaTestDatabase }>('crash safety: SIGKILL a process manager anywhere');
test.before(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_crash');
});
test.after(async ({ t }) => t.close());

test('killed at eight points and mid-batch, restarted sagas finish without a duplicated effect', async ({
  t,
}) => {
  for (const sku of SKUS) await registerProduct(t.run, sku, 10_000);
  const kinds = new Map<string, Kind>();
  const provider = startTestProvider(t.store, (orderId) => kinds.get(orderId) ?? 'ignore');
  const place = async (count: number, kind: Kind) => {
    for (let i = 0; i < count; i++) {
      const orderId = newId();
      kinds.set(orderId, kind);
      await placeOrder(t.run, orderId, [SKUS[i % 3]!, SKUS[(i + 1) % 3]!], 1 + (i % 2));
    }
  };
  const phases: Array<[count: number, kind: Kind, crash: string]> = [
    [4, 'approve', 'before:ReserveStock:1'],
    [4, 'approve', 'after:ReserveStock:5'],
    [4, 'approve', 'before:RequestPayment:2'],
    [4, 'approve', 'after:ConfirmOrder:2'],
    [4, 'approve', 'before:CommitStock:3'],
    [4, 'decline', 'after:CancelOrder/PAYMENT_FAILED:1'],
    [4, 'ignore', 'before:CancelOrder/PAYMENT_TIMEOUT:2'],
    [4, 'ignore', 'after:VoidPayment:3'],
  ];
  try {
    for (const [count, kind, crash] of phases) {
      await place(count, kind);
      const worker = startWorker(t.url, { CRASH: crash });
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        worker.exited,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 30_000))),
      ]);
      clearTimeout(timer);
      if (!exit) worker.child.kill('SIGKILL');
      assert.deepEqual(exit, { code: null, signal: 'SIGKILL' }, `${crash} was reached: ${worker.output()}`);
      assert.ok(worker.output().includes(`crash ${crash}`));
    }

    // Mid-batch: orders keep arriving in small batches; the process is killed at a random moment.
    const midBatch = startWorker(t.url, { BATCH_SIZE: '5' });
    await midBatch.ready();
    const arriving = Promise.all([place(12, 'approve'), place(4, 'decline'), place(4, 'ignore')]);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 300));
    midBatch.child.kill('SIGKILL');
    await midBatch.exited;
    await arriving;

    const final = startWorker(t.url);
    await final.ready();
    await eventually(
      'every saga terminal',
      async () => {
        const open = await t
          .db('saga_instances')
          .whereNotIn('status', ['completed', 'compensated'])
          .count({ n: '*' });
        return Number(open[0]!.n) === 0 ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );
    final.child.kill('SIGTERM');
    assert.deepEqual(await final.exited, { code: 0, signal: null });
  } finally {
    await provider.stop();
  }

  const sagas = (await t.db('saga_instances').select('instance_id', 'status')) as Array<{
    instance_id: string;
    status: string;
  }>;
  assert.equal(sagas.length, kinds.size);
  const effects = await countEffects(t.store);
  const count = (type: string, orderId: string, sku = '') => effects.get(`${type}|${orderId}|${sku}`) ?? 0;
  let completed = 0;
  for (const { instance_id: orderId, status } of sagas) {
    const kind = kinds.get(orderId)!;
    const order = await t.store.readStream(`order-${orderId}`);
    const reason = order[1]?.type === 'OrderCancelled' ? (order[1].data.reason as string) : null;
    // A process that stays dead longer than the payment timeout makes an order time out even
    // when its payment is approved: that order is then compensated, its payment refunded.
    const expected: ReadonlyArray<string | null> =
      kind === 'approve'
        ? status === 'completed'
          ? [null]
          : ['PAYMENT_TIMEOUT']
        : kind === 'decline'
          ? ['PAYMENT_FAILED', 'PAYMENT_TIMEOUT']
          : ['PAYMENT_TIMEOUT'];
    assert.ok(expected.includes(reason), `${kind} order ${orderId} ended ${status} (${reason})`);
    if (status === 'completed') completed++;
    else assert.equal(status, 'compensated', orderId);
    for (const { sku } of order[0]!.data.lines as Array<{ sku: string }>) {
      assert.equal(count('StockReserved', orderId, sku), 1, `one reservation of ${sku} for ${orderId}`);
      const settled: string = status === 'completed' ? 'StockCommitted' : 'StockReleased';
      assert.equal(count(settled, orderId, sku), 1, `one ${settled}`);
      assert.equal(count('StockCommitted', orderId, sku) + count('StockReleased', orderId, sku), 1);
    }
    assert.equal(count('PaymentRequested', orderId), 1, `one payment request for ${orderId}`);
    assert.equal(order.length, 2, 'created, then confirmed or cancelled once');
    assert.equal(count('PaymentVoided', orderId), reason === 'PAYMENT_TIMEOUT' ? 1 : 0);
  }
  const approved = [...kinds.values()].filter((k) => k === 'approve').length;
  assert.ok(completed >= approved / 2, `${completed} of ${approved} approved orders completed`);
  const leftovers = await t.db('saga_commands').whereNot({ status: 'done' }).count({ n: '*' });
  assert.equal(Number(leftovers[0]!.n), 0, 'every outbox command done');
});

test.run();
