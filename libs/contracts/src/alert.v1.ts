/**
 * A Wazuh alert as `alerts.json` carries it (one JSON object per line).
 *
 * Produced by alert-ingest (after validation) to `topics.alerts`, keyed by `agent.id`.
 * Consumed by the matcher. Unknown fields are kept untouched: the whole alert travels to the scripts in
 * `parameters.alert`, exactly as Wazuh sends it.
 */
import { z } from 'zod';
import { ContractViolationError } from './errors';
import { forbiddenRootKeyViolation, jsonLimitViolation } from './input-limits';
import { parseWith } from './validate';
import { AgentIdSchema } from './agent-id';

const stringList = z.array(z.string());

export const RuleSchema = z
  .object({
    id: z.string().regex(/^\d+$/, 'must be a string of digits'),
    level: z.number().int().min(0).max(20),
    description: z.string().optional(),
    groups: stringList.optional(),
    pci_dss: stringList.optional(),
    gdpr: stringList.optional(),
    hipaa: stringList.optional(),
    nist_800_53: stringList.optional(),
    gpg13: stringList.optional(),
    tsc: stringList.optional(),
    mitre: z
      .object({ id: stringList.optional(), tactic: stringList.optional(), technique: stringList.optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const AlertSchema = z
  .object({
    timestamp: z.string().optional(),
    id: z.string().optional(),
    rule: RuleSchema,
    agent: z.object({ id: AgentIdSchema, name: z.string().optional(), ip: z.string().optional() }).passthrough(),
    manager: z.object({ name: z.string().optional() }).passthrough().optional(),
    data: z
      .object({ srcip: z.string().optional(), dstuser: z.string().optional() })
      .passthrough()
      .optional(),
    location: z.string().optional(),
    full_log: z.string().optional(),
    decoder: z.object({ name: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

export type Alert = z.infer<typeof AlertSchema>;

/** Envelope type (`riposte-type` header) of every message on `topics.alerts`. */
export const TYPE = 'alert.ingested';

/**
 * Validates an alert; throws ContractViolationError naming each bad field, or the shape limit it breaks (a
 * prototype key at the root, depth, key count: `input-limits.ts`), checked first so that no recursive walk ever meets a 5,000-deep value.
 */
export function parse(raw: unknown): Alert {
  const overLimit = forbiddenRootKeyViolation(raw) ?? jsonLimitViolation(raw);
  if (overLimit) throw new ContractViolationError(`invalid alert: ${overLimit}`, [overLimit]);
  return parseWith(AlertSchema, 'alert', raw);
}

/** Largest alert accepted, in bytes: Wazuh truncates an AR message at OS_MAXSTR (65536) anyway. */
export const MAX_ALERT_BYTES = 65536;
