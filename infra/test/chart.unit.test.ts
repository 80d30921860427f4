import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { helmVersion, lintChart, renderChart, type ChartValues, type Manifest } from '../testing/helm.ts';
import { validateManifest } from '../testing/manifests.ts';

const ROLES = ['api', 'projector', 'saga', 'relay'] as const;
const VALUES: ChartValues = {
  'secrets.adminKey': 'chart-test-admin-key-0123456789',
  'secrets.databaseUrl': 'postgres://orderflow@db:5432/orderflow',
  'config.KAFKA_BROKERS': 'kafka-0:9092,kafka-1:9092',
};

const find = (manifests: readonly Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(
    found,
    `${kind}/${name} rendered (have ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')})`,
  );
  return found;
};
const matches = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

test(`helm lint --strict passes (helm ${helmVersion()})`, () => {
  const lint = lintChart(VALUES);
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.match(lint.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test('every rendered manifest is valid for its Kubernetes API (kubernetes-models)', async () => {
  const manifests = renderChart(VALUES);
  const kinds = manifests.map((m) => m.kind).sort();
  assert.deepEqual(kinds, [
    'ConfigMap',
    'Deployment',
    'Deployment',
    'Deployment',
    'Deployment',
    'HorizontalPodAutoscaler',
    'Job',
    'PodDisruptionBudget',
    'Secret',
    'Secret',
    'Service',
  ]);
  for (const manifest of manifests) await validateManifest(manifest);
});

test('the validator refuses what the API server would: a string replica count, a probe without port, unknown APIs', async () => {
  const api = find(renderChart(VALUES), 'Deployment', 'shop-orderflow-api');
  await assert.rejects(
    validateManifest({ ...api, spec: { ...api.spec, replicas: 'two' } }),
    /replicas must be integer/,
  );
  const container = api.spec.template.spec.containers[0];
  const noPort = { ...container, livenessProbe: { httpGet: { path: '/health' } } };
  const broken = {
    ...api,
    spec: {
      ...api.spec,
      template: { ...api.spec.template, spec: { ...api.spec.template.spec, containers: [noPort] } },
    },
  };
  await assert.rejects(validateManifest(broken), /livenessProbe\/httpGet must have required property port/);
  await assert.rejects(validateManifest({ ...api, apiVersion: 'apps/v2' }), /no API apps\/v2/);
  await assert.rejects(validateManifest({ ...api, kind: 'Deploymnet' }), /no kind Deploymnet/);
});

test('each role is its own Deployment: orderflow serve --role R, /health liveness, /ready readiness, requests, non-root', () => {
  const manifests = renderChart(VALUES);
  const config = find(manifests, 'ConfigMap', 'shop-orderflow-config');
  const secret = find(manifests, 'Secret', 'shop-orderflow-keys');
  for (const role of ROLES) {
    const deployment = find(manifests, 'Deployment', `shop-orderflow-${role}`);
    const pod = deployment.spec.template;
    assert.ok(
      matches(deployment.spec.selector.matchLabels, pod.metadata.labels),
      `${role}: selector matches its pods`,
    );
    assert.equal(pod.metadata.labels['app.kubernetes.io/component'], role);
    const [container, ...others] = pod.spec.containers;
    assert.equal(others.length, 0);
    assert.deepEqual(container.args, ['serve', '--role', role]);
    assert.equal(container.image, 'orderflow:0.1.0');
    assert.deepEqual(container.ports, [{ name: 'http', containerPort: 4000, protocol: 'TCP' }]);
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/health', port: 'http' });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/ready', port: 'http' });
    assert.deepEqual(container.startupProbe.httpGet, { path: '/health', port: 'http' });
    assert.ok(container.resources.requests.cpu && container.resources.requests.memory, `${role}: requests`);
    assert.deepEqual(container.envFrom, [
      { configMapRef: { name: config.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
    assert.equal(pod.spec.securityContext.runAsNonRoot, true);
    assert.ok(pod.spec.securityContext.runAsUser > 0);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
    assert.deepEqual(container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
    assert.equal(pod.metadata.annotations['prometheus.io/port'], '4000');
    assert.equal(pod.metadata.annotations['prometheus.io/path'], '/metrics');
  }
});

test('config comes from the ConfigMap (empty values left out), keys from the Secret', () => {
  const manifests = renderChart({ ...VALUES, 'config.LOG_LEVEL': 'warn' });
  const { data } = find(manifests, 'ConfigMap', 'shop-orderflow-config');
  assert.equal(data.HOST, '0.0.0.0');
  assert.equal(data.PORT, '4000');
  assert.equal(data.NODE_ENV, 'production');
  assert.equal(data.PAYMENT_PROVIDER, 'kafka');
  assert.equal(data.KAFKA_BROKERS, 'kafka-0:9092,kafka-1:9092');
  assert.equal(data.LOG_LEVEL, 'warn');
  assert.ok(!('REDIS_URL' in data) && !('KAFKA_TOPIC_PREFIX' in data), 'unset values are not empty strings');
  assert.ok(!('ORDERFLOW_ADMIN_KEY' in data) && !('DATABASE_URL' in data), 'no key in the ConfigMap');
  const { stringData } = find(manifests, 'Secret', 'shop-orderflow-keys');
  assert.deepEqual(stringData, {
    ORDERFLOW_ADMIN_KEY: VALUES['secrets.adminKey'],
    DATABASE_URL: VALUES['secrets.databaseUrl'],
  });
});

test('the api autoscales on CPU; the HPA owns its replica count; a fixed count without it', () => {
  const manifests = renderChart(VALUES);
  const api = find(manifests, 'Deployment', 'shop-orderflow-api');
  assert.equal(api.spec.replicas, undefined, 'no replicas field to fight the HPA');
  const hpa = find(manifests, 'HorizontalPodAutoscaler', 'shop-orderflow-api');
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: api.metadata.name,
  });
  assert.equal(hpa.spec.minReplicas, 2);
  assert.deepEqual(hpa.spec.metrics, [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
  ]);
  const fixed = renderChart({ ...VALUES, 'roles.api.autoscaling.enabled': false, 'roles.api.replicas': 3 });
  assert.equal(find(fixed, 'Deployment', 'shop-orderflow-api').spec.replicas, 3);
  assert.ok(!fixed.some((m) => m.kind === 'HorizontalPodAutoscaler'));
});

test('a PodDisruptionBudget covers each role with more than one replica', () => {
  const manifests = renderChart(VALUES);
  const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
  assert.deepEqual(
    pdbs.map((p) => p.metadata.name),
    ['shop-orderflow-api'],
  );
  const apiPod = find(manifests, 'Deployment', 'shop-orderflow-api').spec.template;
  assert.ok(matches(pdbs[0]!.spec.selector.matchLabels, apiPod.metadata.labels));
  const projectorPod = find(manifests, 'Deployment', 'shop-orderflow-projector').spec.template;
  assert.ok(
    !matches(pdbs[0]!.spec.selector.matchLabels, projectorPod.metadata.labels),
    'api PDB is the api pods only',
  );
  assert.equal(pdbs[0]!.spec.minAvailable, 1);
  const twoProjectors = renderChart({ ...VALUES, 'roles.projector.replicas': 2 });
  assert.deepEqual(
    twoProjectors.filter((m) => m.kind === 'PodDisruptionBudget').map((p) => p.metadata.name),
    ['shop-orderflow-api', 'shop-orderflow-projector'],
  );
});

test('orderflow migrate runs as a pre-install/pre-upgrade hook Job, after its own hook Secret', () => {
  const manifests = renderChart(VALUES);
  const job = find(manifests, 'Job', 'shop-orderflow-migrate');
  assert.equal(job.metadata.annotations!['helm.sh/hook'], 'pre-install,pre-upgrade');
  const pod = job.spec.template.spec;
  assert.equal(pod.restartPolicy, 'Never');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  const [container] = pod.containers;
  assert.deepEqual(container.args, ['migrate']);
  const databaseUrl = container.env.find((e: { name: string }) => e.name === 'DATABASE_URL');
  const hookSecret = find(manifests, 'Secret', databaseUrl.valueFrom.secretKeyRef.name);
  assert.equal(hookSecret.metadata.annotations!['helm.sh/hook'], 'pre-install,pre-upgrade');
  const weight = (m: Manifest) => Number(m.metadata.annotations!['helm.sh/hook-weight']);
  assert.ok(weight(hookSecret) < weight(job), 'the Secret exists before the Job');
  assert.equal(hookSecret.stringData.DATABASE_URL, VALUES['secrets.databaseUrl']);
  assert.ok(!('ORDERFLOW_ADMIN_KEY' in hookSecret.stringData), 'migrate needs no admin key');
});

test('with secrets.existingSecret the chart creates no Secret and every pod reads that one', () => {
  const manifests = renderChart({
    'secrets.existingSecret': 'orderflow-keys',
    'config.KAFKA_BROKERS': 'kafka:9092',
  });
  assert.ok(!manifests.some((m) => m.kind === 'Secret'));
  for (const role of ROLES) {
    const container = find(manifests, 'Deployment', `shop-orderflow-${role}`).spec.template.spec
      .containers[0];
    assert.deepEqual(container.envFrom[1], { secretRef: { name: 'orderflow-keys' } });
  }
  const job = find(manifests, 'Job', 'shop-orderflow-migrate').spec.template.spec.containers[0];
  assert.equal(job.env[1].valueFrom.secretKeyRef.name, 'orderflow-keys');
});

test('values the roles would refuse at start are refused at render, with the reason', () => {
  assert.throws(
    () => renderChart({ 'config.KAFKA_BROKERS': 'kafka:9092' }),
    /secrets\.databaseUrl is not set/,
  );
  assert.throws(
    () => renderChart({ ...VALUES, 'secrets.adminKey': 'short' }),
    /secrets\.adminKey must have at least 24 characters/,
  );
  assert.throws(
    () => renderChart({ ...VALUES, 'config.KAFKA_BROKERS': '' }),
    /PAYMENT_PROVIDER=kafka needs config\.KAFKA_BROKERS/,
  );
});

test('the api Service routes to the api pods only, on the named port', () => {
  const manifests = renderChart(VALUES);
  const service = find(manifests, 'Service', 'shop-orderflow-api');
  assert.deepEqual(service.spec.ports, [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  for (const role of ROLES) {
    const labels = find(manifests, 'Deployment', `shop-orderflow-${role}`).spec.template.metadata.labels;
    assert.equal(matches(service.spec.selector, labels), role === 'api', role);
  }
});

test.run();
