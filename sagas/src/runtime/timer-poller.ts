import { fullJitterDelayMs, Sleeper } from '@orderflow/core';
import { fallbackLogger, deterministicId, systemClock, type Clock } from '@orderflow/core';
import type { Knex } from 'knex';
import type { OutboxCommand } from './outbox.ts';
import type { ProcessManager } from './process-manager.ts';
import { SAGA_INSTANCES, SAGA_TIMERS } from './tables.ts';
import { SagaUnitOfWork } from './unit-of-work.ts';

/** Options of {@link startTimerPoller}. */
export interface TimerPollerOptions {
  /** How often (ms) due timers are looked for. Default 1000. */
  readonly timerIntervalMs?: number;
  /** What "now" is when deciding whether a timer is due. Default the system clock. */
  readonly clock?: Clock;
  /** Timers fired per transaction. Default 100. */
  readonly timerBatchSize?: number;
  /** The first failed poll of an outage (the next ones are retried quietly). Default: a fallback pino logger. */
  readonly onTimerError?: (error: unknown) => void;
  /** A poll succeeded again after failures. */
  readonly onTimerRecovered?: () => void;
}

/**
 * Fires the due timers of `pm` once: in one transaction per batch, selects timers whose
 * `due_at` ≤ clock.now(), locking their instances `FOR UPDATE … SKIP LOCKED` (an instance busy
 * in another transaction is fired on the next poll; several pollers never fire one timer
 * twice), marks each fired and feeds its input to the instance — state, commands, steps and the
 * fired mark commit together, so a crash either fires a timer completely or not at all.
 * @returns the commands to send (after the commit) and how many timers fired.
 */
export async function fireDueTimers<State>(
  db: Knex,
  pm: ProcessManager<State>,
  { clock = systemClock, timerBatchSize = 100 }: TimerPollerOptions = {},
): Promise<{ fired: number; commands: OutboxCommand[] }> {
  let fired = 0;
  const commands: OutboxCommand[] = [];
  for (;;) {
    const now = clock.now();
    const batch = await db.transaction(async (trx) => {
      const due = (await trx({ t: SAGA_TIMERS })
        .join({ i: SAGA_INSTANCES }, (j) => j.on('i.saga', 't.saga').andOn('i.instance_id', 't.instance_id'))
        .select('t.instance_id', 't.name', 't.due_at', 't.input_type', 't.input_data')
        .where('t.saga', pm.name)
        .whereNull('t.fired_at')
        .whereNull('t.cancelled_at')
        .where('t.due_at', '<=', now)
        .orderBy('t.due_at')
        .limit(timerBatchSize)
        // Both rows: a poller whose snapshot predates another poller's commit would otherwise
        // lock the instance once it is free and fire the timer again (the timer row it joined
        // is not re-checked unless it is locked too).
        .forUpdate('t', 'i')
        .skipLocked()) as Array<{
        instance_id: string;
        name: string;
        due_at: Date;
        input_type: string;
        input_data: Record<string, unknown>;
      }>;
      const uow = new SagaUnitOfWork(trx, pm);
      await uow.lock(due.map((t) => t.instance_id));
      for (const t of due) {
        uow.timerFired(t.instance_id, t.name);
        const input = {
          id: deterministicId(pm.name, t.instance_id, 'timer', t.name, t.due_at.toISOString()),
          type: t.input_type,
          data: t.input_data,
          at: t.due_at,
          position: null,
        };
        uow.apply(t.instance_id, input, {
          kind: 'timer-fired',
          detail: {
            name: t.name,
            dueAt: t.due_at.toISOString(),
            firedAt: now.toISOString(),
            input: t.input_type,
          },
          actor: null,
        });
      }
      return { count: due.length, commands: await uow.commit({ leaseSeconds: 30 }) };
    });
    fired += batch.count;
    commands.push(...batch.commands);
    if (batch.count < timerBatchSize) return { fired, commands };
  }
}

/**
 * Polls {@link fireDueTimers} every `timerIntervalMs` and hands the commands to `enqueue`.
 * Timers live in `saga_timers`, so they survive restarts: a timer that fell due while no process
 * ran fires on the first poll after the start. A failing poll (the database away) is retried
 * with capped exponential backoff and full jitter (from `timerIntervalMs` up to
 * {@link TIMER_RETRY_MAX_MS}), forever until `stop()`; `onTimerError` hears the first failure of
 * each outage and `onTimerRecovered` its end, not every try.
 */
export function startTimerPoller<State>(
  db: Knex,
  pm: ProcessManager<State>,
  enqueue: (commands: OutboxCommand[]) => void,
  options: TimerPollerOptions = {},
): { poll(): Promise<number>; stop(): Promise<void> } {
  let running: Promise<number> | null = null;
  let stopped = false;
  const poll = (): Promise<number> =>
    (running ??= fireDueTimers(db, pm, options)
      .then(({ fired, commands }) => (enqueue(commands), fired))
      .finally(() => (running = null)));
  const onError =
    options.onTimerError ??
    ((err: unknown) => fallbackLogger('saga-timers').error({ err, saga: pm.name }, 'saga timers (retrying)'));
  const intervalMs = options.timerIntervalMs ?? 1000;
  const sleeper = new Sleeper();
  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      const backoff = { baseDelayMs: intervalMs, maxDelayMs: Math.max(intervalMs, TIMER_RETRY_MAX_MS) };
      await sleeper.sleep(failures === 0 ? intervalMs : fullJitterDelayMs(failures, backoff));
      if (stopped) break;
      try {
        await poll();
        if (failures > 0) options.onTimerRecovered?.();
        failures = 0;
      } catch (error) {
        if (failures++ === 0) onError(error);
      }
    }
  })();
  return {
    poll,
    async stop() {
      stopped = true;
      sleeper.wake();
      await loop;
      await running?.catch(() => undefined);
    },
  };
}

/** Largest wait between failing timer polls, ms. */
export const TIMER_RETRY_MAX_MS = 10_000;
