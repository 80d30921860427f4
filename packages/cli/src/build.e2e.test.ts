import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, getJson, REPO_ROOT } from '@orderflow/host/testing/processes';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';

const MAIN = resolve(REPO_ROOT, 'packages/cli/dist/main.js');

/** `node <main> <args>` (default the built CLI): plain node, no tsx loader, no NODE_OPTIONS. */
function runBuilt(args: readonly string[], env: Record<string, string>, main = MAIN, cwd = REPO_ROOT) {
  const base = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'REDIS_URL', 'EVENTSTORE_URL', 'DATABASE_URL', 'PORT'])
    delete base[name];
  const child = spawn(process.execPath, [main, ...args], {
    cwd,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

const test = suite<{ database: TestDatabase }>('the production build: pnpm build, then plain node');
test.before(() => {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO_ROOT, stdio: 'pipe' });
});
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('build');
});
test.after.each(async (ctx) => ctx.database.drop());

test('the bundle needs no TypeScript loader: it imports neither tsx nor a .ts file', () => {
  const bundle = readFileSync(MAIN, 'utf8');
  assert.ok(bundle.startsWith('#!/usr/bin/env node'), 'runnable as the bin');
  assert.doesNotMatch(bundle, /from\s*["']tsx/);
  assert.doesNotMatch(bundle, /import\(\s*["'][^"']+\.ts["']\s*\)/);
  const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'packages/cli/package.json'), 'utf8'));
  assert.equal(pkg.bin.orderflow, './dist/main.js');
});

/** Migrates, serves with `main` and checks /ready, /metrics, the dashboard and GraphiQL; SIGTERM exits 0. */
async function serveBuilt(database: TestDatabase, main = MAIN, cwd = REPO_ROOT) {
  const migrate = runBuilt(['migrate'], { DATABASE_URL: database.url }, main, cwd);
  assert.equal(await migrate.exited, 0, migrate.output());
  const port = await freePort();
  const server = runBuilt(
    ['serve'],
    {
      DATABASE_URL: database.url,
      PORT: String(port),
      ORDERFLOW_ADMIN_KEY: 'build-e2e-admin-key-0123456789abcdef',
      PAYMENT_PROVIDER: 'simulator',
    },
    main,
    cwd,
  );
  try {
    await eventually(
      '/ready 200',
      async () => {
        if (server.child.exitCode !== null) throw new Error(`exited: ${server.output()}`);
        return (await getJson(port, '/ready'))?.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${server.output()}`);
    });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(
      await metrics.text(),
      /^orderflow_processor_checkpoint_position\{processor="order-details"\}/m,
    );
    const dashboard = await fetch(`http://127.0.0.1:${port}/dashboard/`);
    assert.equal(dashboard.status, 200);
    assert.match(await dashboard.text(), /<div id="root">|<html/);
    assert.match(String(dashboard.headers.get('content-security-policy')), /frame-ancestors 'none'/);
    // Not NODE_ENV=production: the bundle serves GraphiQL's page, built with the dashboard.
    const graphiql = await fetch(`http://127.0.0.1:${port}/graphiql`);
    assert.equal(graphiql.status, 200);
    assert.match(await graphiql.text(), /src="\/dashboard\/assets\/graphiql-[^"]+\.js"/);
  } finally {
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
  }
}

test('node packages/cli/dist/main.js migrate + serve answer /ready 200, /metrics and the dashboard', async (ctx) => {
  await serveBuilt(ctx.database);
});

test('pnpm deploy --prod of @orderflow/cli: no devDependencies (tsx, typescript, vite), serves /ready 200', async (ctx) => {
  const target = mkdtempSync(join(tmpdir(), 'orderflow-deploy-'));
  try {
    execFileSync('pnpm', ['--filter', '@orderflow/cli', 'deploy', '--prod', '--legacy', target], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
    const installed = readdirSync(join(target, 'node_modules/.pnpm'));
    for (const dev of ['tsx@', 'typescript@', 'vite@', 'esbuild@'])
      assert.ok(!installed.some((name) => name.startsWith(dev)), `${dev} installed`);
    await serveBuilt(ctx.database, join(target, 'dist/main.js'), target);
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
});

test.run();
