import type { CliCommand } from './cli-command';
import { policyCommand } from './policy.command';
import { simulateCommand } from './simulate.command';
import { agentsCommand } from './agents.command';
import { activeCommand } from './active.command';
import { unblockCommand } from './unblock.command';
import { runCommand } from './run.command';
import { tailAuditCommand } from './tail-audit.command';
import { keysCommand } from './keys.command';

/** Every `riposte` command, in help order. Adding one is one line here. */
export const COMMANDS: readonly CliCommand[] = [
  policyCommand,
  simulateCommand,
  agentsCommand,
  activeCommand,
  unblockCommand,
  runCommand,
  tailAuditCommand,
  keysCommand,
];

export type { CliCommand } from './cli-command';
export { EXIT } from './cli-command';
