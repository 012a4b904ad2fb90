/**
 * The control API's HTTP response bodies, defined once: the controllers return these types and the `riposte` CLI
 * validates what it receives against the same schemas. Lists keep the Wazuh API's envelope
 * (`data.affected_items`, `total_affected_items`, `message`); errors are problem documents.
 */
import { z, type ZodTypeAny } from 'zod';
import { AgentIdSchema } from './agent-id';
import { ArMessageSchema } from './ar-message.v1';
import { keyIdOf, parsePublicKeyPem, SigningKeyError } from './signing';
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
  /** An admin enrolled its public key: without one it gets no command and its heartbeats are dropped. */
  enrolled: z.boolean(),
  /** The id of the enrolled key, when enrolled. */
  keyId: z.string().optional(),
});
export type AgentItem = z.infer<typeof AgentItemSchema>;

/** `GET /agents`. */
export const AgentListSchema = itemsOf(AgentItemSchema);
export type AgentList = z.infer<typeof AgentListSchema>;

/** Largest PEM `PUT /agents/{id}/key` reads: an Ed25519 SPKI PEM is 113 bytes; room for CRLF and blank lines. */
export const MAX_PUBLIC_KEY_PEM = 4096;

/** The body of `PUT /agents/{id}/key`: the agent's public key, as the executor writes it beside `EXECUTOR_KEY_FILE`. */
export const AgentKeyBodySchema = z.object({ publicKeyPem: z.string().min(1).max(MAX_PUBLIC_KEY_PEM) }).strict();
export type AgentKeyBody = z.infer<typeof AgentKeyBodySchema>;

/** A PEM block that holds a secret (PKCS#8, encrypted PKCS#8, RSA/EC/OpenSSH private keys). */
const PRIVATE_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * Checks an enrolment body, no I/O: an object with exactly `publicKeyPem`, an Ed25519 public key in SPKI PEM. Used
 * by the control API and, before anything is sent, by the CLI. A private key is refused by name: it means a secret
 * was copied off its host, and the message says so.
 */
export function parseAgentKeyBody(raw: unknown): { ok: true; value: { publicKeyPem: string; keyId: string } } | { ok: false; issues: string[] } {
  const body = AgentKeyBodySchema.safeParse(raw);
  if (!body.success) return { ok: false, issues: describeIssues(body.error) };
  const pem = body.data.publicKeyPem;
  if (PRIVATE_PEM.test(pem)) {
    return { ok: false, issues: ["publicKeyPem: this is a private key, refused: give the agent's public key (EXECUTOR_KEY_FILE.pub); a private key that left its host should be replaced"] };
  }
  try {
    return { ok: true, value: { publicKeyPem: pem, keyId: keyIdOf(parsePublicKeyPem(pem, 'publicKeyPem')) } };
  } catch (e) {
    if (!(e instanceof SigningKeyError)) throw e;
    return { ok: false, issues: [`${e.message} (expected an Ed25519 public key in SPKI PEM, '-----BEGIN PUBLIC KEY-----')`] };
  }
}

/** `PUT /agents/{id}/key`: the key now enrolled for the agent. */
export const AgentKeyResultSchema = z.object({
  agentId: AgentIdSchema,
  /** What the agent's signatures name (`keyIdOf` the public key). */
  keyId: z.string(),
  /** ISO 8601. */
  enrolledAt: z.string(),
  /** The token name of the admin who enrolled it. */
  enrolledBy: z.string(),
  /** The key this one replaced (a rotation), when it was another. */
  replacedKeyId: z.string().optional(),
});
export type AgentKeyResult = z.infer<typeof AgentKeyResultSchema>;

/** `GET /agents/{id}/key`: the enrolled key with its PEM. */
export const AgentKeySchema = AgentKeyResultSchema.omit({ replacedKeyId: true }).extend({ publicKeyPem: z.string() });
export type AgentKeyView = z.infer<typeof AgentKeySchema>;

/** `DELETE /agents/{id}/key`: the key that was removed. */
export const AgentKeyRevokedSchema = z.object({
  agentId: AgentIdSchema,
  keyId: z.string(),
  /** ISO 8601. */
  revokedAt: z.string(),
  revokedBy: z.string(),
});
export type AgentKeyRevoked = z.infer<typeof AgentKeyRevokedSchema>;

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
