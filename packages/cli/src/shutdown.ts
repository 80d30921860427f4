import type { Logger } from 'pino';

/** One step of a shutdown: what it is called in the log, and the work (null: nothing to stop). */
export type ShutdownStep = readonly [name: string, stop: (() => Promise<unknown>) | null | undefined];

/**
 * Drains the process on the first SIGINT or SIGTERM: runs `steps` one after the other, logs one
 * info line per step done (`{ step, ms }`, ms since the signal), then exits 0. A step that fails
 * is logged once (`err`, at error) and the next still runs. A drain that takes longer than
 * `timeoutMs` is abandoned: one error line names the step still running, and the process exits 1
 * (so that a stuck drain is seen as such, and an orchestrator's SIGKILL never comes first). A
 * second signal while draining is ignored.
 */
export function onShutdownSignal(log: Logger, timeoutMs: number, steps: readonly ShutdownStep[]): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const start = Date.now();
    let current = 'starting';
    log.info({ signal, timeoutMs }, 'stopping');
    setTimeout(() => {
      log.error(
        { signal, step: current, ms: Date.now() - start },
        'shutdown did not finish in time; exiting',
      );
      process.exit(1);
    }, timeoutMs).unref();
    for (const [name, stop] of steps) {
      if (!stop) continue;
      current = name;
      try {
        await stop();
        log.info({ step: name, ms: Date.now() - start }, name);
      } catch (err) {
        log.error({ err, step: name }, `${name}: failed`);
      }
    }
    log.info({ signal, ms: Date.now() - start }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
