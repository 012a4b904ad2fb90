/**
 * Where adapters get the time: epoch milliseconds, injected at the composition root so that pure code receives
 * `now` as data and tests can pin it (emmett `metadata.now`). The Nest token is `CLOCK` in `@riposte/bus`.
 */
export type Clock = () => number;

/** The real time. */
export const systemClock: Clock = () => Date.now();
