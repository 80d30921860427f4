import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { test } from 'uvu';
import { parse } from 'yaml';
import { INFRA_DIR, REPO_DIR } from '../testing/compose.ts';

const text = readFileSync(join(REPO_DIR, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);

/** The instructions of each build stage, by stage name (the part after FROM … AS). */
const stages = new Map<string, Instruction[]>();
let current: Instruction[] | null = null;
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === 'FROM') {
    current = [instruction];
    stages.set(
      dockerfile
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line)!
        .getBuildStage()!,
      current,
    );
  } else current?.push(instruction);
}
const final = [...stages.values()].at(-1)!;
const one = (stage: Instruction[], keyword: string) => {
  const found = stage.filter((i) => i.getKeyword() === keyword);
  assert.equal(found.length, 1, `one ${keyword} in the stage`);
  return found[0]!.getArgumentsContent()!;
};
const env = (stage: Instruction[]) =>
  Object.fromEntries(
    stage
      .filter((i) => i.getKeyword() === 'ENV')
      .flatMap((i) => i.getArgumentsContent()!.split(/\s+/))
      .map((pair) => pair.split('=') as [string, string]),
  );

test('dockerfile-utils (the linter of the Docker language server) finds nothing', () => {
  assert.deepEqual(validate(text), []);
  // It does find a broken one.
  assert.ok(validate('FROM node\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nUSER\n').length >= 2);
});

test('multi-stage: build installs, builds and deploys; the final stage copies only the deployed directory', () => {
  assert.deepEqual([...stages.keys()], ['build', 'runtime']);
  const build = stages
    .get('build')!
    .map((i) => i.getArgumentsContent() ?? '')
    .join('\n');
  assert.match(build, /pnpm install --frozen-lockfile/);
  assert.match(build, /pnpm build/);
  assert.match(build, /pnpm --filter @orderflow\/cli deploy --prod --legacy .* \/out/);
  const copies = final.filter((i) => i.getKeyword() === 'COPY');
  assert.equal(copies.length, 1);
  assert.match(text.split('\n')[copies[0]!.getRange().start.line]!, /^COPY --from=build \/out \/app$/);
});

test('small base: the final stage is node:<NODE_VERSION>-bookworm-slim, NODE_VERSION an LTS line', () => {
  const from = dockerfile.getFROMs().at(-1)!;
  assert.equal(from.getImageName(), 'node');
  assert.equal(from.getImageTag(), '${NODE_VERSION}-bookworm-slim');
  const arg = dockerfile.getARGs()[0]!.getProperty()!;
  assert.equal(arg.getName(), 'NODE_VERSION');
  assert.ok(['20', '22', '24'].includes(arg.getValue()!), arg.getValue()!);
});

test('non-root: the final USER is a numeric uid > 0, the one the chart runs as', () => {
  const [uid, gid] = one(final, 'USER').split(':').map(Number);
  assert.ok(uid! > 0 && gid! > 0, 'not root');
  const values = parse(readFileSync(join(INFRA_DIR, 'helm/orderflow/values.yaml'), 'utf8'));
  assert.equal(values.podSecurityContext.runAsUser, uid);
  assert.equal(values.podSecurityContext.runAsGroup, gid);
});

test('orderflow is the entrypoint (serve by default), on the PORT the chart and compose use', () => {
  assert.equal(one(final, 'ENTRYPOINT'), '["orderflow"]');
  assert.equal(one(final, 'CMD'), '["serve"]');
  assert.match(one(final, 'RUN'), /ln -s \/app\/dist\/main\.js \/usr\/local\/bin\/orderflow/);
  const vars = env(final);
  assert.equal(vars.NODE_ENV, 'production');
  assert.equal(vars.HOST, '0.0.0.0');
  assert.equal(one(final, 'EXPOSE'), vars.PORT);
  const values = parse(readFileSync(join(INFRA_DIR, 'helm/orderflow/values.yaml'), 'utf8'));
  assert.equal(String(values.port), vars.PORT);
});

test('the HEALTHCHECK command exits 0 on /health 200 and 1 on 503 or no server', async () => {
  const healthcheck = one(final, 'HEALTHCHECK');
  const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim()) as string[];
  assert.equal(command[0], 'node');
  let status = 200;
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url!);
    response.writeHead(status).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = String((server.address() as AddressInfo).port);
  const run = () =>
    promisify(execFile)(process.execPath, command.slice(1), {
      env: { PATH: process.env.PATH, PORT: port },
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
  try {
    assert.equal(await run(), 0);
    status = 503;
    assert.equal(await run(), 1);
    assert.deepEqual(paths, ['/health', '/health']);
  } finally {
    await new Promise((done) => server.close(done));
  }
  assert.equal(await run(), 1, 'nothing listening');
});

test('.dockerignore keeps installed, built and local files out of the build context', () => {
  const ignored = readFileSync(join(REPO_DIR, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
  for (const pattern of ['**/node_modules', '**/dist', '.git', '.orderflow'])
    assert.ok(ignored.includes(pattern), pattern);
});

test.run();
