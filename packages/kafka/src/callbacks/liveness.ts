import type { Consumer } from 'kafkajs';
import { GROUP_TIMINGS } from '../client.ts';

/** A consumer's health as `/ready` shows it: in touch with its group, or not (and why). */
export interface ConsumerHealth {
  readonly state: 'starting' | 'running' | 'retrying';
  /** When it entered `state`. */
  readonly since: Date;
  readonly lastError: string | null;
}

/**
 * A consumer out of touch for this long, ms, is `retrying`: three missed heartbeats (one a
 * second, {@link GROUP_TIMINGS}); a fetch waits at most a second, so a live member is heard from
 * at least that often.
 */
export const OUT_OF_TOUCH_MS = 3 * GROUP_TIMINGS.heartbeatInterval;

/**
 * Follows a kafkajs consumer through its instrumentation events: a group join, heartbeat or
 * fetch is contact with the brokers; a crash is an error. kafkajs itself stays silent while its
 * retries wait out an unreachable broker (with {@link CONSUMER_RETRY} for up to ~100 s), so the
 * consumer counts as `retrying` once nothing was heard for {@link OUT_OF_TOUCH_MS}, or at once
 * after a crash, until the next contact.
 */
export class ConsumerLiveness {
  private lastContact: number | null = null;
  private crash: { at: number; error: string } | null = null;
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** Follows `consumer` (call again for a consumer that replaced a crashed one). */
  follow(consumer: Consumer): void {
    const contact = () => {
      this.lastContact = this.now();
      this.crash = null;
    };
    consumer.on(consumer.events.GROUP_JOIN, contact);
    consumer.on(consumer.events.HEARTBEAT, contact);
    consumer.on(consumer.events.FETCH, contact);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crash = { at: this.now(), error: String(payload.error) };
    });
  }

  /** The state now (see the class comment). */
  health(): ConsumerHealth {
    const now = this.now();
    if (this.crash) return { state: 'retrying', since: new Date(this.crash.at), lastError: this.crash.error };
    if (this.lastContact === null)
      return { state: 'starting', since: new Date(this.startedAt), lastError: null };
    const silentFrom = this.lastContact + OUT_OF_TOUCH_MS;
    if (now >= silentFrom)
      return {
        state: 'retrying',
        since: new Date(silentFrom),
        lastError: `no contact with the Kafka brokers for ${Math.round((now - this.lastContact) / 1000)} s`,
      };
    return { state: 'running', since: new Date(this.lastContact), lastError: null };
  }
}
