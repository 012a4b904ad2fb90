/** Where adapters get the time: injected so pure code receives `now` as data and tests can pin it. */
export interface Clock {
  now(): number;
}

/** Nest token of the process clock. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
