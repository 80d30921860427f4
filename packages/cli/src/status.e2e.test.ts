import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const test = suite<{ db?: TestDatabase; orderflow?: Orderflow }>('orderflow status');
test.after.each(async (ctx) => {
  await ctx.orderflow?.stop();
  await ctx.db?.drop();
});

async function status(...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      main,
      'status',
      ...args,
    ]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

test("lists a running process' roles and processors; exit 1 once it is gone", async (ctx) => {
  ctx.db = await createTestDatabase('e2e_status');
  const orderflow = (ctx.orderflow = await startOrderflow({
    databaseUrl: ctx.db.url,
    adminKey: 'k'.repeat(32),
  }));
  const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const human = await status('--url', address);
  assert.equal(human.code, 0, human.stdout);
  assert.match(human.stdout, /: ready/);
  assert.match(human.stdout, /projector\s+running/);
  assert.match(human.stdout, /order-details\s+(running|catching-up)/);
  const json = await status('--url', address, '--json');
  const report = JSON.parse(json.stdout) as { ready: boolean; roles: Array<{ role: string; state: string }> };
  assert.equal(report.ready, true);
  assert.ok(
    report.roles.some((r) => r.role === 'saga'),
    JSON.stringify(report.roles),
  );
  await orderflow.stop();
  ctx.orderflow = undefined;
  const gone = await status('--url', address);
  assert.equal(gone.code, 1);
  assert.match(gone.stdout, /no answer/);
});

test.run();
