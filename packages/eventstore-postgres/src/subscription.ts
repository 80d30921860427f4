import { fullJitterDelayMs, type EventSchemaRegistry } from '@orderflow/core';
import { upcastPage, type Subscription, type SubscribeToAllOptions } from '@orderflow/eventstore';
import type { AllPage } from './read.ts';
import type { Wake } from './wake.ts';

/** Bounds of the backoff between failed reads (the database away), ms. */
const READ_RETRY_BASE_MS = 100;
const READ_RETRY_MAX_MS = 5000;

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  readPage(after: bigint, maxCount: number, options: SubscribeToAllOptions): Promise<AllPage>;
  /** Registers a wake-up callback (with the types appended, null when unknown); returns its unregistration. */
  onAppended(wake: Wake): () => void;
  /** Fallback poll interval (ms) in case a wake-up is lost. */
  readonly pollIntervalMs: number;
  /** The first failed read of an outage (the next ones are retried without a report). */
  readonly onReadError: (error: unknown) => void;
  /** Upcasts delivered events; an unreadable event stops the subscription after those before it. */
  readonly schemas?: EventSchemaRegistry | undefined;
}

/**
 * First wait while held back by an append in progress, ms (doubling to 50). The append's commit
 * normally ends the wait sooner: it wakes the subscribers of this process at once, and those of
 * others through NOTIFY.
 */
const HELD_BACK_FIRST_WAIT_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A catch-up subscription over the gap-safe page reader: reads pages until it is caught up, then
 * waits for a wake-up (or the fallback poll). A wake-up for appends of event types outside its
 * filter is ignored. When committed events sit above the horizon (an older append is still in
 * progress), it waits for the next append to commit, whatever its types — the one holding the
 * horizon back, typically — or at most 10 ms doubling to 50 ms. Store read errors are retried with backoff
 * (up to 5 s); a handler error, or an event no upcaster can read (UNKNOWN_EVENT_SCHEMA, after
 * the events before it are delivered), stops the subscription and goes to `onError`.
 */
export class PollingSubscription implements Subscription {
  private current: bigint;
  private stopped = false;
  private woken = false;
  private wakeWaiter: (() => void) | null = null;
  /** True while held back by an append in progress: then any append's commit wakes it. */
  private heldBack = false;
  private readonly types: ReadonlySet<string> | null;
  private readonly unregister: () => void;
  readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeToAllOptions,
  ) {
    this.current = options.after ?? 0n;
    this.types = options.filter?.eventTypes ? new Set(options.filter.eventTypes) : null;
    this.unregister = source.onAppended((types) => {
      if (
        this.heldBack ||
        types === null ||
        this.types === null ||
        [...types].some((t) => this.types!.has(t))
      )
        this.wake();
    });
    this.done = this.run().finally(() => this.unregister());
  }

  get position(): bigint {
    return this.current;
  }

  private wake(): void {
    this.woken = true;
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    waiter?.();
  }

  private waitForWake(timeoutMs: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeWaiter = null;
        resolve();
      }, timeoutMs);
      this.wakeWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let heldBackDelay = HELD_BACK_FIRST_WAIT_MS;
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      let page: AllPage;
      try {
        page = await this.source.readPage(this.current, batchSize, this.options);
        failures = 0;
      } catch (error) {
        // Reported once per outage; retried with capped exponential backoff and jitter.
        if (failures++ === 0) this.source.onReadError(error);
        await sleep(
          fullJitterDelayMs(failures, { baseDelayMs: READ_RETRY_BASE_MS, maxDelayMs: READ_RETRY_MAX_MS }),
        );
        continue;
      }
      if (this.stopped) break;
      const upcast = upcastPage(page.events, this.source.schemas);
      if (upcast.events.length > 0) {
        try {
          await this.options.onEvents(upcast.events);
        } catch (error) {
          this.fail(error);
          break;
        }
        this.current = upcast.events.at(-1)!.position;
      }
      if (upcast.error !== undefined) {
        this.fail(upcast.error);
        break;
      }
      if (page.events.length === batchSize) continue;
      // Everything below the horizon after `current` has been seen (delivered or filtered out).
      if (page.horizon - 1n > this.current) this.current = page.horizon - 1n;
      if (page.head >= page.horizon) {
        this.heldBack = true;
        await this.waitForWake(heldBackDelay);
        this.heldBack = false;
        heldBackDelay = Math.min(heldBackDelay * 2, 50);
        continue;
      }
      heldBackDelay = HELD_BACK_FIRST_WAIT_MS;
      this.options.onCaughtUp?.(this.current);
      await this.waitForWake(this.source.pollIntervalMs);
    }
  }

  private fail(error: unknown): void {
    this.stopped = true;
    this.options.onError?.(error);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done;
  }
}
