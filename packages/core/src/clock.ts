/** Where "now" comes from, so that time can be fixed in tests. */
export interface Clock {
  now(): Date;
}

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that always says `at` (tests). */
export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });
