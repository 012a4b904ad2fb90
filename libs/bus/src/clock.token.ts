/** Nest token of the process clock (`Clock` from `@riposte/contracts`); tests provide their own. */
export const CLOCK = Symbol('CLOCK');
