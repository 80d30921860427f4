import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** API workers forked by {@link forkApiWorkers}. */
export interface ApiWorkers {
  /** Sends SIGTERM to every worker and waits for them to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `count` cluster workers that each run the api role of this command (`serve` sees
 * `env`) and listen on one shared port: the primary accepts connections and hands them out
 * round-robin (node:cluster's default outside Windows). A worker that dies is forked again
 * after a second, unless stopping.
 */
export function forkApiWorkers(count: number, env: Record<string, string>, log: Logger): ApiWorkers {
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork(env);
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ workerPid: worker.process.pid, code, signal }, 'API worker exited; starting another');
      setTimeout(fork, 1000).unref();
    });
    return worker;
  };
  for (let i = 0; i < count; i++) fork();
  return {
    async stop() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        alive.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
