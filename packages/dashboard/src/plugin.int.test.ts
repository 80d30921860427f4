/** The dashboard plugin on a fastify app, over a build written to a temporary directory. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import { dashboardPlugin } from './plugin.ts';

const test = suite<{ dist: string; app: FastifyInstance }>('dashboard plugin');

test.before.each(async (ctx) => {
  ctx.dist = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  mkdirSync(join(ctx.dist, 'assets'));
  writeFileSync(join(ctx.dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(ctx.dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  ctx.app = Fastify();
  await ctx.app.register(dashboardPlugin, { distDir: ctx.dist });
});
test.after.each(async (ctx) => {
  await ctx.app.close();
  rmSync(ctx.dist, { recursive: true, force: true });
});

test('/dashboard redirects to /dashboard/, which serves the shell, revalidated', async ({ app }) => {
  const bare = await app.inject('/dashboard');
  assert.equal(bare.statusCode, 301);
  assert.equal(bare.headers.location, '/dashboard/');
  // The list keeps its filters and page in the query string: a reload of /dashboard?… keeps them.
  const listed = await app.inject('/dashboard?status=PARKED&page=czox');
  assert.equal(listed.headers.location, '/dashboard/?status=PARKED&page=czox');
  const shell = await app.inject('/dashboard/');
  assert.equal(shell.statusCode, 200);
  assert.match(String(shell.headers['content-type']), /text\/html/);
  assert.match(shell.body, /id="root"/);
  assert.equal(shell.headers['cache-control'], 'no-cache');
});

test('client routes deep-link: any path under /dashboard/ without a file gets index.html', async ({
  app,
}) => {
  for (const path of [
    '/dashboard/sagas/order-fulfillment%3Aabc',
    '/dashboard/orders/1',
    '/dashboard/login',
  ]) {
    const response = await app.inject(path);
    assert.equal(response.statusCode, 200, path);
    assert.match(response.body, /id="root"/, path);
    assert.equal(response.headers['cache-control'], 'no-cache', path);
  }
});

test('hashed assets are cached for a year; a missing asset is a 404, not the shell', async ({ app }) => {
  const asset = await app.inject('/dashboard/assets/index-abc123.js');
  assert.equal(asset.statusCode, 200);
  assert.equal(asset.body, 'console.log(1)');
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await app.inject('/dashboard/assets/index-old.js')).statusCode, 404);
  assert.equal((await app.inject('/dashboard/favicon.ico')).statusCode, 404);
});

test('GraphiQL: /graphiql serves graphiql.html when asked; never under /dashboard/', async ({
  app,
  dist,
}) => {
  writeFileSync(join(dist, 'graphiql.html'), '<!doctype html><div id="graphiql"></div>');
  assert.equal((await app.inject('/graphiql')).statusCode, 404, 'off unless asked');
  assert.equal((await app.inject('/dashboard/graphiql.html')).statusCode, 404);
  const on = Fastify();
  await on.register(dashboardPlugin, { distDir: dist, graphiql: true });
  const page = await on.inject('/graphiql');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /id="graphiql"/);
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.equal((await on.inject('/dashboard/graphiql.html')).statusCode, 404);
  assert.equal((await on.inject('/dashboard/')).statusCode, 200);
  await on.close();
});

test('GraphiQL without its page in the build: 503 saying how to build it', async ({ dist }) => {
  const app = Fastify();
  await app.register(dashboardPlugin, { distDir: dist, graphiql: true });
  const response = await app.inject('/graphiql');
  assert.equal(response.statusCode, 503);
  assert.match(response.body, /GraphiQL is not built.*pnpm --filter @orderflow\/dashboard build/);
  await app.close();
});

test('without a build: 503 saying how to build it, and the server still starts', async () => {
  const app = Fastify();
  await app.register(dashboardPlugin, { distDir: join(tmpdir(), 'no-such-dashboard-dist') });
  const response = await app.inject('/dashboard/');
  assert.equal(response.statusCode, 503);
  assert.match(response.body, /pnpm --filter @orderflow\/dashboard build/);
  await app.close();
});

test.run();
