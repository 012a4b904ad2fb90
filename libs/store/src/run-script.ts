import type { Redis } from 'ioredis';
import { SCRIPTS, type ScriptName } from './lua';
import { scriptErrorOf, withRedis } from './store-errors';

type ScriptCommand = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

const defined = new WeakSet<Redis>();

/** Defines every store script on a client once (ioredis `defineCommand`: EVALSHA, falling back to EVAL). */
export function defineStoreScripts(redis: Redis): void {
  if (defined.has(redis)) return;
  for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: s.numberOfKeys, lua: s.lua });
  defined.add(redis);
}

/**
 * Runs a store script: `keys` must be exactly its KEYS (from `StoreKeys`), a negative reply becomes a
 * StoreScriptError, a Redis failure a DependencyUnavailableError.
 */
export async function runScript(redis: Redis, name: ScriptName, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  if (keys.length !== SCRIPTS[name].numberOfKeys) throw new Error(`script ${name} takes ${SCRIPTS[name].numberOfKeys} keys, got ${keys.length}`);
  defineStoreScripts(redis);
  const command = (redis as unknown as Record<ScriptName, ScriptCommand>)[name];
  const reply = await withRedis(name, () => command.call(redis, ...keys, ...args));
  const error = scriptErrorOf(name, reply);
  if (error) throw error;
  return reply;
}
