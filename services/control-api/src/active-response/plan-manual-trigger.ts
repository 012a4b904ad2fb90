import { MANAGER_ID, type Resolution } from '@riposte/contracts';
import { expectFields, type ArConfEntry } from '@riposte/policy';
import type { WazuhErrorCode } from './wazuh-errors';

/** What the registry knows about an agent, as the plan needs it. */
export interface KnownAgent {
  readonly id: string;
  /** Heartbeat recent enough (Wazuh: `status == 'active'`). */
  readonly active: boolean;
  /** The agent's own `<active-response><disabled>yes` (spec §1.3). */
  readonly arDisabled: boolean;
}

export interface ManualTriggerInput {
  /** `command` of the body: an ar.conf name (`firewall-drop600`) or `!<script>`. */
  readonly command: string;
  /** `agents_list`, deduplicated; undefined = every agent of the registry except the manager. */
  readonly requested?: readonly string[];
  readonly agents: readonly KnownAgent[];
  /** What the name resolves to in ar.conf (`findArConfEntries`); empty = not defined (1652). */
  readonly entries: readonly ArConfEntry[];
}

export interface ManualTriggerPlan {
  /** Agents the command goes to, sorted numerically (Wazuh sorts `affected_items` with `key=int`). */
  readonly sendTo: readonly string[];
  /** Agents it does not go to, with Wazuh's reason. */
  readonly failed: readonly { readonly agentId: string; readonly code: WazuhErrorCode }[];
  /**
   * How the name resolves on the agent (the exec resolution header). Undefined when nothing is sent, or when
   * ar.conf lists the name with different executables (the built-in `restart-wazuh0` lines, one per platform):
   * the executor then resolves it from its own ar.conf, as a Wazuh agent does.
   */
  readonly resolution?: Resolution;
}

/**
 * Wazuh 4.14's `run_command` + `send_ar_message` decision for each target, in its order of checks: unknown
 * (1701), the manager (1703), not active (1707), AR disabled on the agent (1750), no command (1650), name not in
 * ar.conf (1652). Custom `!script` names skip the ar.conf check and run with timeout 0.
 */
export function planManualTrigger(input: ManualTriggerInput): ManualTriggerPlan {
  const known = new Map(input.agents.map((a) => [a.id, a]));
  const targets = input.requested ?? input.agents.map((a) => a.id).filter((id) => id !== MANAGER_ID);
  const resolved = resolve(input.entries);
  const sendTo: string[] = [];
  const failed: { agentId: string; code: WazuhErrorCode }[] = [];
  for (const agentId of new Set(targets)) {
    const code = refusal(known.get(agentId), agentId, input.command, resolved.defined);
    if (code === undefined) sendTo.push(agentId);
    else failed.push({ agentId, code });
  }
  sendTo.sort((a, b) => Number(a) - Number(b));
  return { sendTo, failed, resolution: sendTo.length > 0 ? resolved.resolution : undefined };
}

function refusal(agent: KnownAgent | undefined, agentId: string, command: string, defined: boolean): WazuhErrorCode | undefined {
  if (!agent) return 1701;
  if (agentId === MANAGER_ID) return 1703;
  if (!agent.active) return 1707;
  if (agent.arDisabled) return 1750;
  if (!command) return 1650;
  if (!defined) return 1652;
  return undefined;
}

/**
 * Whether the name is defined, and its resolution when every entry agrees. `!script` entries come resolved
 * (timeout 0). `<expect>` is carried as its comma-separated fields (deviation f).
 */
export function resolve(entries: readonly ArConfEntry[]): { defined: boolean; resolution?: Resolution } {
  if (entries.length === 0) return { defined: false };
  const [first] = entries;
  if (entries.some((e) => e.executable !== first.executable || e.timeout !== first.timeout)) return { defined: true };
  const expect = first.command?.expect;
  return {
    defined: true,
    resolution: {
      arName: first.name,
      executable: first.executable,
      timeoutSeconds: Math.max(0, first.timeout), // a negative <timeout> counts as none, as in the executor
      ...(expect !== undefined && { expect: expectFields(expect) }),
    },
  };
}
