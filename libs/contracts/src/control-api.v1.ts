/**
 * The control API's HTTP response bodies, defined once: the controllers return these types and the `riposte` CLI
 * validates what it receives against the same schemas. Lists keep the Wazuh API's envelope
 * (`data.affected_items`, `total_affected_items`, `message`); errors are problem documents.
 */
import { z, type ZodTypeAny } from 'zod';
import { AgentIdSchema } from './agent-id';
import { ArMessageSchema } from './ar-message.v1';
import { TriggerSchema } from './timer-request.v1';
import { describeIssues } from './validate';

/** The error body of every route, shaped like the Wazuh API's problem documents. */
export const ProblemSchema = z.object({
  title: z.string(),
  detail: z.string(),
  /** Wazuh's error code, when there is one (4000 = permission denied). */
  error: z.number().int().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** A Wazuh list body of `item`. */
export const itemsOf = <T extends ZodTypeAny>(item: T) =>
  z.object({
    data: z.object({ affected_items: z.array(item), total_affected_items: z.number().int().nonnegative() }),
    message: z.string(),
  });

/** An agent as `GET /agents` shows it. */
export const AgentItemSchema = z.object({
  id: AgentIdSchema,
  name: z.string(),
  os: z.string(),
  version: z.string(),
  /** ISO 8601 of the last heartbeat. */
  lastSeen: z.string(),
  /** What the last heartbeat said. */
  status: z.enum(['online', 'stopping']),
  /** Heartbeat recent enough: `PUT /active-response` sends only to active agents. */
  active: z.boolean(),
  /** The agent's own `<active-response><disabled>yes`. */
  arDisabled: z.boolean(),
});
export type AgentItem = z.infer<typeof AgentItemSchema>;

/** `GET /agents`. */
export const AgentListSchema = itemsOf(AgentItemSchema);
export type AgentList = z.infer<typeof AgentListSchema>;

/** One active stateful response as `GET /active-responses` shows it. */
export const ActiveResponseItemSchema = z.object({
  /** Stable id for `DELETE /active-responses/{id}`: url-safe base64 of `<agentId>:<rkey>`. */
  id: z.string(),
  agentId: AgentIdSchema,
  /** The ar.conf name, e.g. `firewall-drop600`. */
  response: z.string(),
  rkey: z.string(),
  keys: z.array(z.string()),
  /** ISO 8601 of the (re)addition. */
  started: z.string(),
  /** ISO 8601 of the delete. */
  expires: z.string(),
  /** Whole seconds left, rounded up (0 once due). */
  remainingSeconds: z.number().int().nonnegative(),
  /** The effective, possibly escalated, timeout. */
  timeoutSeconds: z.number().int().nonnegative(),
  /** The alert (id, rule) or the operator that caused it. */
  trigger: TriggerSchema,
  traceId: z.string(),
});
export type ActiveResponseItem = z.infer<typeof ActiveResponseItemSchema>;

/** `GET /active-responses`. */
export const ActiveResponseListSchema = itemsOf(ActiveResponseItemSchema);
export type ActiveResponseList = z.infer<typeof ActiveResponseListSchema>;

/** `DELETE /active-responses/{id}` and `DELETE /active-responses?agent&key`: what was lifted. */
export const UnblockResultSchema = itemsOf(ActiveResponseItemSchema);
export type UnblockResult = z.infer<typeof UnblockResultSchema>;

/** One group of `failed_items`: every id that failed with the same error. */
export const WazuhFailedItemSchema = z.object({
  error: z.object({ code: z.number().int(), message: z.string(), remediation: z.string().optional() }),
  id: z.array(z.string()),
});
export type WazuhFailedItem = z.infer<typeof WazuhFailedItemSchema>;

/** The Wazuh API's `AffectedItemsWazuhResult.render()` shape. */
export const TriggerResultSchema = z.object({
  data: z.object({
    affected_items: z.array(z.string()),
    total_affected_items: z.number().int().nonnegative(),
    total_failed_items: z.number().int().nonnegative(),
    failed_items: z.array(WazuhFailedItemSchema),
  }),
  message: z.string(),
  /** 0 complete, 1 failed, 2 partial (Wazuh's `set_error_code`). */
  error: z.union([z.literal(0), z.literal(1), z.literal(2)]),
});
/** `PUT /active-response`: the agents the command was sent to, and the others with Wazuh's reasons. */
export type TriggerResult = z.infer<typeof TriggerResultSchema>;

/** One ar.conf line as `GET /active-response/responses` lists it (agent_control -L). */
export const ResponseLineSchema = z.object({ name: z.string(), executable: z.string(), timeoutSeconds: z.number().int().nonnegative() });
export type ResponseLine = z.infer<typeof ResponseLineSchema>;

/** `GET /active-response/responses` (no `message`: not a Wazuh route). */
export const ResponseListSchema = z.object({
  data: z.object({ affected_items: z.array(ResponseLineSchema), total_affected_items: z.number().int().nonnegative() }),
});
export type ResponseList = z.infer<typeof ResponseListSchema>;

/** `POST /simulate`: the matcher's decision for the posted alert (fields the clients read; the rest passes). */
export const SimulateResultSchema = z.object({
  data: z.object({
    ruleId: z.string(),
    level: z.number(),
    agentId: z.string(),
    groupString: z.string(),
    dispatches: z
      .array(
        z.object({
          agent: z.string(),
          name: z.string(),
          command: z.string(),
          executable: z.string(),
          location: z.string(),
          timeout: z.number(),
          responseIndex: z.number().int(),
          message: ArMessageSchema,
        }),
      )
      .readonly(),
    suppressions: z
      .array(z.object({ name: z.string(), command: z.string(), responseIndex: z.number().int(), reason: z.enum(['invalid-dstuser', 'invalid-srcip', 'whitelisted']), detail: z.string() }))
      .readonly(),
    explanations: z.array(z.object({ name: z.string(), responseIndex: z.number().int(), outcome: z.enum(['dispatched', 'suppressed', 'not-bound']) })).readonly(),
    /** The agents active when the decision was made (targets of `location` all). */
    activeAgents: z.array(z.string()),
  }),
});
export type SimulateResult = z.infer<typeof SimulateResultSchema>;

/**
 * Checks a response body against its schema: the body, or one line naming every field that differs
 * (`data.affected_items.0.lastSeen: Required`), for a client to report instead of printing garbage.
 */
export function checkResponse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): { ok: true; value: T } | { ok: false; issues: string[] } {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: describeIssues(result.error) };
}
