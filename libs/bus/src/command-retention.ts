import { ConfigError, type Topics } from '@riposte/contracts';

/**
 * How long a command topic keeps its messages (`retention.ms`) unless `RIPOSTE_COMMAND_RETENTION_MS` says otherwise:
 * 7 days. A delete must outlive its timeout plus the time its agent may be offline; the broker's default (7 days
 * too, but any operator may lower it cluster-wide) is not relied on. Lost deletes are healed by reconciliation.
 */
export const DEFAULT_COMMAND_RETENTION_MS = 7 * 86_400_000;
/** The shortest allowed retention of command topics: one hour (longer than any sane timeout + margin is up to you). */
export const MIN_COMMAND_RETENTION_MS = 3_600_000;

/** `RIPOSTE_COMMAND_RETENTION_MS`, validated (integer ms, at least {@link MIN_COMMAND_RETENTION_MS}). */
export function commandRetentionFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.RIPOSTE_COMMAND_RETENTION_MS;
  if (raw === undefined || raw === '') return DEFAULT_COMMAND_RETENTION_MS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < MIN_COMMAND_RETENTION_MS) {
    throw new ConfigError(`RIPOSTE_COMMAND_RETENTION_MS: '${raw}' is not an integer of ms >= ${MIN_COMMAND_RETENTION_MS} (it must outlast the longest timeout)`);
  }
  return n;
}

/**
 * The configs of the topics this deployment creates: every command topic (`exec.<id>`, not its dead letters) gets
 * an explicit `retention.ms`, whichever service creates it first (executor, matcher, control API, scheduler).
 */
export function commandTopicConfigs(topics: Topics, retentionMs: number): (topic: string) => Record<string, string> | undefined {
  return (topic) => (topic.startsWith(topics.execPrefix) && !topic.endsWith('.dlq') ? { 'retention.ms': String(retentionMs) } : undefined);
}
