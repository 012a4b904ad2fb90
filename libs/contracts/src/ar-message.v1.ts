/**
 * The Wazuh active-response message, version 1 (Wazuh 4.2+), and its control messages (spec §3).
 *
 * - analysisd/API → execd: `{"version":1,"origin":{name,module},"command":"<name><timeout>","parameters":{"extra_args":[…],"alert":{…}}}`
 * - execd → script stdin: the same with `command:"add"|"delete"`, `origin.module:"wazuh-execd"` and `parameters.program`.
 * - script → execd: `check_keys` with `parameters.keys`.
 * - execd → script: the full message with `command:"continue"|"abort"`.
 *
 * Produced by the matcher and the control API to `topics.exec(agentId)`, keyed by agent id, consumed by that
 * agent's executor. Key order of the builders matches Wazuh's cJSON output byte for byte.
 */
import { z } from 'zod';
import { parseWith } from './validate';

export const OriginSchema = z.object({ name: z.string().nullable(), module: z.string() }).passthrough();

export const ParametersSchema = z
  .object({
    extra_args: z.array(z.string()).optional(),
    alert: z.record(z.unknown()).optional(),
    program: z.string().optional(),
  })
  .passthrough();

/** Shape check used by Wazuh's scripts (`Invalid input format`): numeric version, object origin, string command, object parameters. */
export const ArMessageSchema = z
  .object({ version: z.literal(1), origin: OriginSchema, command: z.string(), parameters: ParametersSchema })
  .passthrough();
export type ArMessage = z.infer<typeof ArMessageSchema>;

export const CheckKeysSchema = ArMessageSchema.extend({
  command: z.literal('check_keys'),
  parameters: z.object({ keys: z.array(z.unknown()) }).passthrough(),
});
export type CheckKeys = z.infer<typeof CheckKeysSchema>;

export type ControlCommand = 'continue' | 'abort';
export type ScriptCommand = 'add' | 'delete';

export function parse(raw: unknown): ArMessage {
  return parseWith(ArMessageSchema, 'active-response message', raw);
}

/** The message analysisd sends (spec §3.1); `module` is `wazuh-analysisd`, or `API` for manual triggers. */
export function buildArMessage(input: {
  nodeName: string | null;
  module: string;
  command: string;
  extraArgs: readonly string[];
  alert: Record<string, unknown>;
}): ArMessage {
  return {
    version: 1,
    origin: { name: input.nodeName, module: input.module },
    command: input.command,
    parameters: { extra_args: [...input.extraArgs], alert: input.alert },
  };
}

/** What a stateful script prints (spec §3.2): origin.name is basename(argv0). */
export function buildCheckKeys(scriptName: string, keys: readonly string[]): CheckKeys {
  return {
    version: 1,
    origin: { name: scriptName, module: 'active-response' },
    command: 'check_keys',
    parameters: { keys: [...keys] },
  };
}

/** execd's rewrite for the script (spec §3.2 step 4): command, module, and program appended last. */
export function rewriteForScript(message: ArMessage, command: ScriptCommand, program: string): ArMessage {
  const { program: _old, ...rest } = message.parameters;
  return {
    ...message,
    origin: { ...message.origin, module: 'wazuh-execd' },
    command,
    parameters: { ...rest, program },
  };
}

/** execd's reply (spec §3.2 step 8): the same full message with `continue` or `abort`. */
export function withCommand(message: ArMessage, command: ControlCommand | ScriptCommand): ArMessage {
  return { ...message, command };
}
