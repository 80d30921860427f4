import { fullJitterDelayMs, type EventSchemaRegistry } from '@orderflow/core';
import { upcastPage, type SubscribeToAllOptions, type Subscription } from '@orderflow/eventstore';
import { isWanted } from './filter.ts';
import { toRecordedPage } from './mapping.ts';
import type { EventSource, SourceItem } from './source.ts';

/** Backoff between resubscribe attempts, in milliseconds. */
export interface ResubscribeOptions {
  /** Wait before the first retry. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest wait between retries. Default 5000. */
  readonly maxDelayMs?: number;
}

/** What a {@link CatchUpSubscription} needs from its store. */
export interface CatchUpSource {
  /** Opens `$all` strictly after `after` (0n: from the start), filtered as the options say. */
  readonly open: (after: bigint) => EventSource;
  /** Upcasts delivered events; an unreadable event stops the subscription after those before it. */
  readonly schemas?: EventSchemaRegistry | undefined;
  /** Told about every dropped connection before the subscription resubscribes. */
  readonly onTransientError: (error: unknown) => void;
  readonly resubscribe?: ResubscribeOptions | undefined;
}

/**
 * The wait before resubscribe number `attempt` (0-based), ms: Orderflow's retry policy
 * (`fullJitterDelayMs`: random below `initialMs` doubling up to `maxMs`), so that the
 * subscriptions of many processes that lost EventStoreDB together do not come back in lock-step.
 */
export function backoffDelay(attempt: number, initialMs = 100, maxMs = 5000, random = Math.random): number {
  return fullJitterDelayMs(attempt + 1, { baseDelayMs: initialMs, maxDelayMs: maxMs }, random);
}

/**
 * A catch-up subscription to `$all` that survives dropped connections: when the source fails or
 * ends, it reports the error to `onTransientError`, waits (exponential backoff) and opens a new
 * source after the last delivered position, so no event is lost or delivered twice (subscriptions
 * start after their position, and events at or below it are dropped besides). Each batch is
 * awaited before the next is read. A handler error, a throwing `onCaughtUp`, or an event that
 * cannot be read (UNKNOWN_EVENT_SCHEMA, after the events before it) stops it with `onError`.
 * `position` is the position of the last delivered event.
 */
export class CatchUpSubscription implements Subscription {
  private current: bigint;
  private stopped = false;
  private source: EventSource | undefined;
  private wakeFromBackoff: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(
    private readonly store: CatchUpSource,
    private readonly options: SubscribeToAllOptions,
  ) {
    this.current = options.after ?? 0n;
    this.done = this.run().catch((error: unknown) => void this.fail(error));
  }

  get position(): bigint {
    return this.current;
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.stopped;) {
      let dropped: unknown;
      const source = (this.source = this.store.open(this.current));
      try {
        for await (const item of source) {
          if (this.stopped) return;
          attempt = 0;
          if (!(await this.handle(item))) return;
        }
        dropped = new Error('EventStoreDB ended the subscription');
      } catch (error) {
        dropped = error;
      } finally {
        this.source = undefined;
        await source.close();
      }
      if (this.stopped) return;
      this.store.onTransientError(dropped);
      const { initialDelayMs, maxDelayMs } = this.store.resubscribe ?? {};
      await this.backoff(backoffDelay(attempt++, initialDelayMs, maxDelayMs));
    }
  }

  /** Handles one item; false when the subscription has stopped because of an error. */
  private async handle(item: SourceItem): Promise<boolean> {
    switch (item.kind) {
      case 'events': {
        const mapped = toRecordedPage(
          item.events.filter((e) => isWanted(e, this.options.filter, this.current)),
        );
        const page = upcastPage(mapped.events, this.store.schemas);
        if (page.events.length > 0) {
          try {
            await this.options.onEvents(page.events);
          } catch (error) {
            return this.fail(error);
          }
          this.current = page.events.at(-1)!.position;
        }
        const unreadable = page.error ?? mapped.error;
        return unreadable === undefined ? true : this.fail(unreadable);
      }
      case 'caughtUp':
        try {
          this.options.onCaughtUp?.(this.current);
        } catch (error) {
          return this.fail(error);
        }
        return true;
      default: {
        const _exhaustive: never = item;
        throw new TypeError(`unknown source item ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private fail(error: unknown): false {
    if (!this.stopped) {
      this.stopped = true;
      this.options.onError?.(error);
    }
    return false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeFromBackoff?.();
    await this.source?.close();
    await this.done;
  }
}
