/**
 * The active-response configuration of a Wazuh manager, as analysisd holds it after reading `ossec.conf`
 * (spec §1): commands, enabled response blocks, the white list and the cluster node name.
 */
import type { Whitelist } from './whitelist';

/** A `<command>` (spec §1.1). */
export interface Command {
  readonly name: string;
  /** Kept exactly as written (a file name in `active-response/bin/`). */
  readonly executable: string;
  /** @defaultValue false — Wazuh's struct is zeroed; the docs' "yes" is wrong. */
  readonly timeoutAllowed: boolean;
  /** `<extra_args>` as written; see {@link splitExtraArgs}. */
  readonly extraArgs?: string;
  /** `<expect>` as written. Wazuh ignores it since 4.2; it marks a command-line script for us (deviation f). */
  readonly expect?: string;
  readonly line?: number;
}

/** Where a response runs, after Wazuh's branch order (spec §1.2 "Where an AR runs"). */
export type LocationKind = 'server' | 'local' | 'defined-agent' | 'all';

/** The bits `OS_Regex` sets from `<location>`; one location can set several. */
export interface LocationFlags {
  /** `AS|analysisd|analysis-server|server` → AS_ONLY */
  readonly server: boolean;
  /** `local` → REMOTE_AGENT */
  readonly local: boolean;
  /** `defined-agent` → SPECIFIC_AGENT */
  readonly definedAgent: boolean;
  /** `all|any` → ALL_AGENTS */
  readonly all: boolean;
}

/** An enabled `<active-response>` block (spec §1.2). */
export interface ResponseBlock {
  /** Position among the enabled blocks, in configuration order (the order Wazuh binds them). */
  readonly index: number;
  /** `<command name><timeout>`, e.g. `firewall-drop600` — the ar.conf name and the message `command`. */
  readonly name: string;
  readonly command: Command;
  /** `<location>` as written. */
  readonly location: string;
  readonly flags: LocationFlags;
  /** `<agent_id>` as written. */
  readonly agentId?: string;
  /** The target of `defined-agent`: `%.3d` of `atoi(agent_id)`. */
  readonly definedAgent?: string;
  /** 0 = unset. */
  readonly level: number;
  readonly rulesGroup?: string;
  readonly rulesId?: string;
  /** The ids Wazuh's scan of `rules_id` compares (spec §2.2). */
  readonly ruleIds: readonly number[];
  /** Seconds, after the 1305 rule (0 when the command does not allow a timeout). */
  readonly timeout: number;
  /** `<repeated_offenders>` as written; analysisd ignores it, kept for the executor. */
  readonly repeatedOffenders?: string;
  readonly line?: number;
}

/** A block skipped because of `<disabled>yes</disabled>` (deviation a: nothing else is affected). */
export interface DisabledBlock {
  readonly command?: string;
  readonly line?: number;
}

export interface Policy {
  readonly source: string;
  /** `<cluster><node_name>`, or `undefined` as Wazuh writes it in `origin.name` (spec §3.1). */
  readonly nodeName: string;
  /** In definition order; look-ups take the first of a name. */
  readonly commands: readonly Command[];
  /** Enabled blocks in configuration order. */
  readonly responses: readonly ResponseBlock[];
  readonly disabled: readonly DisabledBlock[];
  readonly whitelist: Whitelist;
}

/** analysisd splits `extra_args` with `strtok(" ")`: runs of spaces separate, empty pieces vanish. */
export function splitExtraArgs(extraArgs: string | undefined): string[] {
  return extraArgs === undefined ? [] : extraArgs.split(' ').filter((a) => a !== '');
}

/** The location kind shown for a block when no alert is involved (the branch the flags favour). */
export function locationKind(flags: LocationFlags): LocationKind {
  if (flags.server) return 'server';
  if (flags.all) return 'all';
  if (flags.definedAgent) return 'defined-agent';
  return 'local';
}

/** The argument fields a pre-4.2 `<expect>` asks for. */
export type ExpectField = 'user' | 'srcip' | 'filename';

/**
 * What a pre-4.2 `<expect>` declared, read as OSSEC's `ReadActiveCommands()` did: only a value of 4 characters or
 * more counts, and each of `user`, `srcip`, `filename` is found by case-insensitive substring; they are listed in
 * the order they appear (`srcip,user` → `["srcip","user"]`). `<expect></expect>` (the usual "no argument" form)
 * gives []. Deviation (f) uses the presence of `<expect>`; these fields (the `expect` of `ExecCommandV1`'s
 * resolution, from the matcher and the control API) only inform.
 */
export function expectFields(expect: string): ExpectField[] {
  if (expect.length < 4) return [];
  const lower = expect.toLowerCase();
  return (['user', 'srcip', 'filename'] as const).filter((f) => lower.includes(f)).sort((a, b) => lower.indexOf(a) - lower.indexOf(b));
}
