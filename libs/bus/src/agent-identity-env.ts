/**
 * The settings every service that listens to agents (matcher's registry, scheduler) shares (issue 10): how often
 * the enrolled keys are re-read from Redis and how much clock difference with the agents a signature may show.
 */
import { z } from 'zod';
import { envInt, parseEnv } from '@riposte/contracts';

export interface AgentIdentitySettings {
  /** `RIPOSTE_ENROLMENT_REFRESH_MS`: an enrolment or revocation takes effect within this. @defaultValue 5000 */
  readonly enrolmentRefreshMs: number;
  /** `<prefix>_AGENT_CLOCK_SKEW_MS`: clock difference tolerated with the agents (issued-at, expiry). @defaultValue 30000 */
  readonly agentClockSkewMs: number;
}

/** `schema` plus the agent-identity variables, read as {@link AgentIdentitySettings}; `prefix` names the skew variable (`MATCHER`). */
export function withAgentIdentity<T extends z.ZodRawShape>(schema: z.ZodObject<T>, prefix: string) {
  const skewVar = `${prefix}_AGENT_CLOCK_SKEW_MS`;
  return schema
    .extend({ RIPOSTE_ENROLMENT_REFRESH_MS: envInt(5000, 0, 3_600_000), [skewVar]: envInt(30_000, 0, 24 * 3600 * 1000) })
    .transform((e) => ({ ...(e as z.infer<z.ZodObject<T>>), enrolmentRefreshMs: e.RIPOSTE_ENROLMENT_REFRESH_MS as number, agentClockSkewMs: (e as Record<string, unknown>)[skewVar] as number }));
}

/** Reads the agent-identity settings alone; `prefix` names the service's skew variable (`MATCHER`, `SCHEDULER`). Throws ConfigError. */
export function agentIdentityFromEnv(env: NodeJS.ProcessEnv, prefix: string): AgentIdentitySettings {
  const { enrolmentRefreshMs, agentClockSkewMs } = parseEnv(withAgentIdentity(z.object({}), prefix), env);
  return { enrolmentRefreshMs, agentClockSkewMs };
}
