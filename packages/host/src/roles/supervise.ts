import type { ProcessorStatus } from '@orderflow/consumer';
import { fullJitterDelayMs, Sleeper } from '@orderflow/core';
import type { Logger } from 'pino';
import type { RoleName } from './role-name.ts';
import { roleStatusOf, type RoleProcessorStatus, type RoleStatus, type RunningRole } from './role-status.ts';

/** A role once its start function resolved. */
export interface StartedRole {
  /** Its processors' statuses, from memory. */
  processors(): readonly RoleProcessorStatus[];
  /** Its processors' full statuses (checkpoint, lag, applied, parked), for the metrics. */
  statuses(): readonly ProcessorStatus[] | Promise<readonly ProcessorStatus[]>;
  stop(): Promise<void>;
}

/** Backoff of a role whose start fails: 200 ms doubling to 5 s, full jitter. */
const START_BACKOFF = { baseDelayMs: 200, maxDelayMs: 5000 };

/**
 * Runs `start` until it resolves, retrying a failed start forever with full-jitter backoff
 * (the role is `retrying` meanwhile, with the error); once started, the role's state is its
 * processors' (see {@link roleStatusOf}). The failure is logged once when retrying begins and
 * once at recovery. Resolves after the first attempt, failed or not.
 */
export async function superviseRole(
  role: RoleName,
  start: () => Promise<StartedRole>,
  logger: Logger,
): Promise<RunningRole> {
  const log = logger.child({ role });
  const startedAt = new Date();
  let started: StartedRole | null = null;
  let failure: { since: Date; error: string } | null = null;
  let stopped = false;
  const sleeper = new Sleeper();

  const attempt = async (): Promise<boolean> => {
    try {
      const role = await start();
      if (stopped) await role.stop();
      else started = role;
      if (failure) log.warn('role started after retrying');
      failure = null;
      return true;
    } catch (err) {
      if (!failure) {
        failure = { since: new Date(), error: err instanceof Error ? err.message : String(err) };
        log.error({ err }, 'role failed to start; retrying');
      } else failure = { since: failure.since, error: err instanceof Error ? err.message : String(err) };
      return false;
    }
  };
  // The first attempt is awaited; a failed one retries in the background while the process
  // serves (its /ready says so).
  const retrying = (await attempt())
    ? Promise.resolve()
    : (async () => {
        for (let n = 1; !stopped; n++) {
          await sleeper.sleep(fullJitterDelayMs(n, START_BACKOFF));
          if (stopped || (await attempt())) return;
        }
      })();

  return {
    role,
    status(): RoleStatus {
      if (stopped) return { role, state: 'stopped', since: startedAt, error: null, processors: [] };
      if (started) return roleStatusOf(role, started.processors(), startedAt);
      if (failure)
        return { role, state: 'retrying', since: failure.since, error: failure.error, processors: [] };
      return { role, state: 'starting', since: startedAt, error: null, processors: [] };
    },
    async processorStatuses() {
      return started && !stopped ? await started.statuses() : [];
    },
    async stop() {
      stopped = true;
      sleeper.wake();
      await retrying;
      await (started as StartedRole | null)?.stop();
      started = null;
    },
  };
}
