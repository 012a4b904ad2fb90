/** Epoch milliseconds now. Injected so that adapters never call `Date.now()` themselves (house style §8). */
export type Clock = () => number;

export const CLOCK = Symbol('CLOCK');
