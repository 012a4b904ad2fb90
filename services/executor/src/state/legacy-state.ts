import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@riposte/contracts';
import { triggerOf, type KeyRecord } from './executor-state';
import { ActiveKeySchema } from './state-log';

/** The single-file state of versions before issue 11: every key, rewritten whole on every save. */
export const LEGACY_STATE_FILE = path.join('var', 'riposte-state.json');

const LegacyStateSchema = z.object({
  version: z.literal(1),
  active: z.record(ActiveKeySchema.omit({ trigger: true })),
  offenders: z.record(z.number().int().nonnegative()),
});

/**
 * The records of an old state file (undefined when there is none). Its counts carry no time: each is kept for
 * `windowMs` after the end of its rkey's block, or after `now` when none is active.
 */
export function readLegacyState(file: string, now: number, windowMs: number | null): Map<string, KeyRecord> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the executor state '${file}'`, { cause: error });
  }
  let old: z.infer<typeof LegacyStateSchema>;
  try {
    old = LegacyStateSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new ConfigError(`the executor state '${file}' is not valid; move it away to start without it`, { cause });
  }
  const records = new Map<string, KeyRecord>();
  for (const [rkey, active] of Object.entries(old.active)) records.set(rkey, { active: { ...active, trigger: triggerOf(active.deleteMessage) } });
  for (const [rkey, count] of Object.entries(old.offenders)) {
    const active = records.get(rkey)?.active;
    const end = active ? Math.max(now, active.addedAt + active.timeoutSeconds * 1000) : now;
    records.set(rkey, { ...records.get(rkey), offender: { count, ...(windowMs !== null && { until: end + windowMs }) } });
  }
  return records;
}
