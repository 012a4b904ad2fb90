import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { parseAgentArConfig } from '@riposte/policy';

/** The agent's own `<active-response>` settings (spec §1.3): execd reads only `etc/ossec.conf`. */
export interface AgentArConfig {
  /** `<disabled>yes</disabled>` in the first block that has one: every command is dropped. */
  readonly disabled: boolean;
  /** `<repeated_offenders>` in minutes, from the first block that has it (empty: no escalation). */
  readonly repeatedOffenders: readonly number[];
}

/** Nest token of the {@link AgentArConfig}. */
export const AGENT_AR_CONFIG = Symbol('AGENT_AR_CONFIG');

/** Where the agent's configuration lives under the executor's home. */
export const OSSEC_CONF = path.join('etc', 'ossec.conf');

/**
 * Reads `etc/ossec.conf` under the home at boot. No file: AR enabled, no escalation (the shipped agent config says
 * `<disabled>no</disabled>` and nothing else). A value Wazuh refuses is a ConfigError: execd exits on it too.
 */
export function loadAgentArConfig(home: string): AgentArConfig {
  const file = path.join(home, OSSEC_CONF);
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { disabled: false, repeatedOffenders: [] };
    throw new ConfigError(`cannot read '${file}'`, { cause: error });
  }
  const parsed = parseAgentArConfig(xml, file);
  return { disabled: parsed.disabled, repeatedOffenders: [...parsed.repeatedOffenders] };
}
