import { z } from 'zod';
import { ArMessageV1, ConfigError, TimerRequestV1 } from '@riposte/contracts';
import type { KeyRecord } from './executor-state';

/** The first line of every state log: its format version. */
export const STATE_LOG_HEADER = '{"version":2}\n';

export const ActiveKeySchema = z.object({
  arName: z.string(),
  program: z.string(),
  deleteMessage: ArMessageV1.ArMessageSchema,
  legacyArgs: z.array(z.string()).optional(),
  keys: z.array(z.string()),
  addedAt: z.number().int().nonnegative(),
  timeoutSeconds: z.number().int().positive(),
  trigger: TimerRequestV1.TriggerSchema.optional(),
  unreplied: z.literal(true).optional(),
});

const OffenderSchema = z.object({ count: z.number().int().nonnegative(), until: z.number().int().optional() });

/** One line: the whole record of rkey `k`, or (no `r`) the rkey forgotten. */
const LineSchema = z.object({ k: z.string().min(1), r: z.object({ active: ActiveKeySchema.optional(), offender: OffenderSchema.optional() }).optional() });

/** The line that makes `record` the rkey's record. */
export function recordLine(rkey: string, record: KeyRecord): string {
  return `${JSON.stringify({ k: rkey, r: record })}\n`;
}

/** The line that forgets the rkey. */
export function removalLine(rkey: string): string {
  return `${JSON.stringify({ k: rkey })}\n`;
}

/** A log read back: the last record of each rkey, how many record lines it had, and whether the last was cut short. */
export interface ParsedStateLog {
  readonly records: Map<string, KeyRecord>;
  readonly lines: number;
  readonly torn: boolean;
}

/**
 * Replays a state log. An unterminated last line is a crash inside an append (its put never returned): ignored.
 * Any other line that is not a record stops the boot rather than forget blocks.
 */
export function parseStateLog(text: string, file: string): ParsedStateLog {
  const lines = text.split('\n');
  const torn = lines.pop() !== '';
  if (lines.length === 0) return { records: new Map(), lines: 0, torn };
  if (`${lines[0]}\n` !== STATE_LOG_HEADER) throw new ConfigError(`the executor state '${file}' is not a version 2 state log; move it away to start without it`);
  const records = new Map<string, KeyRecord>();
  for (let i = 1; i < lines.length; i++) {
    let parsed: z.infer<typeof LineSchema>;
    try {
      parsed = LineSchema.parse(JSON.parse(lines[i]));
    } catch (cause) {
      throw new ConfigError(`the executor state '${file}' is not valid at line ${i + 1}; move it away to start without it`, { cause });
    }
    records.delete(parsed.k); // the order of the map follows the last write, as in the store
    if (parsed.r && (parsed.r.active || parsed.r.offender)) records.set(parsed.k, parsed.r as KeyRecord);
  }
  return { records, lines: lines.length - 1, torn };
}
