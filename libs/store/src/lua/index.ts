import { ackTimers6 } from './ack-timers-6.lua';
import { claimDue4 } from './claim-due-4.lua';
import { claimTimer4 } from './claim-timer-4.lua';
import { reclaimExpired2 } from './reclaim-expired-2.lua';
import { recordHeartbeats3 } from './record-heartbeats-3.lua';
import { releaseTimers2 } from './release-timers-2.lua';
import { scheduleTimers6 } from './schedule-timers-6.lua';

/** A Lua script loaded with ioredis `defineCommand` (EVALSHA, EVAL on NOSCRIPT). */
export interface ScriptDefinition {
  readonly numberOfKeys: number;
  readonly lua: string;
}

/**
 * Every script of the store, by command name. The Lua text lives in `lua/<verb-noun>-<numKeys>.lua.ts` because
 * the build (`tsc`) copies no `.lua` files to `dist/`.
 */
export const SCRIPTS = {
  scheduleTimers: { numberOfKeys: 6, lua: scheduleTimers6 },
  claimDue: { numberOfKeys: 4, lua: claimDue4 },
  claimTimer: { numberOfKeys: 4, lua: claimTimer4 },
  reclaimExpired: { numberOfKeys: 2, lua: reclaimExpired2 },
  releaseTimers: { numberOfKeys: 2, lua: releaseTimers2 },
  ackTimers: { numberOfKeys: 6, lua: ackTimers6 },
  recordHeartbeats: { numberOfKeys: 3, lua: recordHeartbeats3 },
} as const satisfies Record<string, ScriptDefinition>;

/** The command name of a store script. */
export type ScriptName = keyof typeof SCRIPTS;
