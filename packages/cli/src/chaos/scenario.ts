/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
/**
 * The shape every chaos case shares: a server on the test's own database under order load, a
 * fault, then the checks (every acknowledged order terminal within 30 s of the fault's end, no
 * duplicate effect, `orderflow projections verify` clean), with the measured recovery printed.
 */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@orderflow/testing';
import { assertEffectsOnce, waitUntilTerminal } from './invariants.ts';
import { startOrderLoad, type LoadOptions, type OrderLoad } from './load.ts';
import { recordReadiness, type ReadinessRecorder } from './readiness.ts';
import { runOrderflow, startServerProcess, type ServerProcess } from './server-process.ts';

/** What a fault gets to work with. */
export interface FaultContext {
  readonly server: ServerProcess;
  readonly load: OrderLoad;
  readonly ready: ReadinessRecorder;
}

/** Options of {@link runChaosCase}. */
export interface ChaosCase {
  /** Printed with the measurements. */
  readonly name: string;
  /** The database the server uses (the checks read its event store). */
  readonly databaseUrl: string;
  /** Extra environment of the server (REDIS_URL, …). */
  readonly env?: Record<string, string>;
  /** The server runs its embedded Postgres (no DATABASE_URL; `env` sets EMBEDDED_PG_PORT). */
  readonly embedded?: boolean;
  readonly load?: LoadOptions;
  /** Runs once the server is ready, before the load (e.g. a process that needs its Kafka topics); returns its cleanup. */
  beforeLoad?(server: ServerProcess): Promise<() => Promise<void>>;
  /** Load before the fault, ms. Default 3000. */
  readonly warmupMs?: number;
  /** Load after the fault, ms. Default 2000. */
  readonly cooldownMs?: number;
  /** The fault; resolves when it has ended (the service is back). */
  fault(context: FaultContext): Promise<void>;
  /** Checks of /ready, given the recorder and when the fault started and ended (ms of the recorder). */
  readiness?(ready: ReadinessRecorder, startedMs: number, endedMs: number): void;
}

/** Fails with `what` when `work` takes longer than `ms`. */
export async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one case: starts the server, the load and the /ready recorder, waits `warmupMs`, runs
 * the fault, keeps the load on for `cooldownMs`, stops it and checks. Prints one line:
 * `chaos <name>: N acknowledged orders (F failed tries) terminal T s after the fault ended`.
 * @returns the measurements.
 */
export async function runChaosCase(
  options: ChaosCase,
): Promise<{ acknowledged: number; recoveryMs: number }> {
  const server = await startServerProcess({
    ...(options.embedded ? {} : { DATABASE_URL: options.databaseUrl }),
    ...options.env,
  });
  const ready = recordReadiness(server.origin);
  let cleanup: (() => Promise<void>) | undefined;
  let passed = false;
  try {
    cleanup = await options.beforeLoad?.(server);
    const load = await startOrderLoad(server.origin, server.admin, options.load);
    await sleep(options.warmupMs ?? 3000);
    assert.ok(load.acknowledged.length > 0, `no order acknowledged before the fault:\n${server.tail()}`);
    const startedMs = ready.now();
    await options.fault({ server, load, ready });
    const endedMs = ready.now();
    await sleep(options.cooldownMs ?? 2000);
    const acknowledged = await load.stop();
    assert.ok(server.alive(), `the server died during the fault:\n${server.tail()}`);
    // Terminal within 30 s of the fault's end, the load's cool-down included.
    await waitUntilTerminal(options.databaseUrl, acknowledged, 30_000 - (ready.now() - endedMs)).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${server.tail()}`);
      },
    );
    const recoveryMs = ready.now() - endedMs;
    await assertEffectsOnce(options.databaseUrl, acknowledged);
    options.readiness?.(ready, startedMs, endedMs);
    // Ready again once every role runs: a processor may sit out the rest of its backoff (≤ 5 s).
    const readyAgain = await eventually(
      '/ready 200 after the fault',
      () => ready.samples.at(-1)?.status === 200 && ready.now(),
      { timeoutMs: 10_000, intervalMs: 100 },
    ).catch((error: Error) => assert.fail(`${error.message}: ${ready.lastNotReady()}`));
    const verify = await runOrderflow(['projections', 'verify'], server.env);
    assert.equal(verify.code, 0, `orderflow projections verify:\n${verify.output}`);
    console.log(
      `chaos ${options.name}: ${acknowledged.length} acknowledged orders (${load.failures()} failed tries) ` +
        `terminal ${(recoveryMs / 1000).toFixed(1)} s after the fault ended, /ready 200 again after ` +
        `${((readyAgain - endedMs) / 1000).toFixed(1)} s`,
    );
    passed = true;
    return { acknowledged: acknowledged.length, recoveryMs };
  } finally {
    await ready.stop();
    await server.stop();
    await cleanup?.();
    // A failed case keeps the server's data directory and log for a look; a passed one does not.
    if (passed) rmSync(server.dataDir, { recursive: true, force: true });
    else console.error(`chaos ${options.name}: the server's log and data are in ${server.dataDir}`);
  }
}

/**
 * Asserts that /ready answered 503 at least once between the fault's start and end (a role
 * was down: the server's READY_GRACE_MS is 1 s) — the check of {@link ChaosCase.readiness} for
 * faults that leave the process serving.
 */
export function assertNotReadyDuring(ready: ReadinessRecorder, startedMs: number, endedMs: number): void {
  const during = ready.samples.filter((s) => s.atMs >= startedMs && s.atMs <= endedMs);
  assert.ok(
    during.some((s) => s.status === 503),
    `/ready while the fault lasted: ${JSON.stringify(during.map((s) => s.status))}`,
  );
}
