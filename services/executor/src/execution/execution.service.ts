import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import {
  ArMessageV1,
  assertNever,
  ContractViolationError,
  ExecCommandV1,
  fromHeaders,
  isExpired,
  MANAGER_ID,
  parseJson,
  readDeleteHeaders,
  type ArMessage,
  type Clock,
  type Envelope,
  type Headers,
  type OutgoingMessage,
  type Topics,
} from '@riposte/contracts';
import type { AgentSigner, IncomingMessage } from '@riposte/bus';
import type { AgentArConfig } from '../config/agent-config';
import type { CommandGate } from '../verification/command-gate';
import { triggerOf } from '../state/executor-state';
import type { AddHandler } from './add.handler';
import type { DeleteHandler } from './delete.handler';
import { Outbox } from './outbox';
import { recordEnd } from './record-end';
import { resolveCommand, type CommandResolution } from './resolve-command';
import type { ScriptHost } from './script-host';

/** The collaborators of the {@link ExecutionService}, wired by the ExecutionModule. */
export interface ExecutionDeps {
  readonly topics: Topics;
  readonly agentId: string;
  readonly home: string;
  /** Verifies every command first (signed by a trusted issuer, for this agent, in time, not replayed). */
  readonly gate: Pick<CommandGate, 'admit'>;
  readonly agentConfig: AgentArConfig;
  readonly host: ScriptHost;
  readonly adds: AddHandler;
  readonly deletes: DeleteHandler;
  readonly clock: Clock;
  readonly scriptTimeoutMs: number;
  /** Signs the timer requests with the agent's key (the scheduler drops unsigned ones). */
  readonly signer: Pick<AgentSigner, 'sign'>;
}

/** The operator of a manual add, as the control API sends it. */
export const ACTOR_HEADER = ExecCommandV1.EXEC_HEADER.actor;

/** Where a Wazuh agent keeps the command table the manager distributes. */
export const AR_CONF = path.join('etc', 'shared', 'ar.conf');

/**
 * One command from the agent's topic, end to end: verified before anything else (a refusal runs nothing, is audited
 * as `command.rejected` and dead-lettered), envelope and body checked at the edge (a broken one goes to the
 * dead-letter topic), then skipped (AR disabled, expired add), resolved and run. Returns the audit steps and timer
 * requests to publish before the offset is committed.
 */
export class ExecutionService {
  private readonly log = new Logger(ExecutionService.name);

  constructor(private readonly deps: ExecutionDeps) {}

  async handle(incoming: IncomingMessage): Promise<OutgoingMessage[]> {
    this.log.debug({ msg: 'command received', agentId: this.deps.agentId, topic: incoming.topic, partition: incoming.partition, offset: incoming.offset });
    const verified = this.deps.gate.admit(incoming);
    const envelope = fromHeaders(incoming.headers);
    const message = ArMessageV1.parse(parseJson(incoming.value?.toString('utf8') ?? '', 'active-response message'));
    const out = new Outbox(this.deps.topics, this.deps.agentId, envelope, this.deps.clock, triggerOf(message, incoming.headers[ACTOR_HEADER]));
    if (this.deps.agentConfig.disabled) {
      out.audit('command.skipped', { reason: 'active response disabled', detail: { command: message.command } });
    } else if (envelope.type === ExecCommandV1.TYPE_DELETE) {
      // The signed generation (verifyCommand refuses a delete without one): only the add it names is undone.
      await this.deps.deletes.run(message, { ...readDeleteHeaders(incoming.headers), generation: verified.generation }, out);
    } else if (envelope.type === ExecCommandV1.TYPE_ADD) {
      await this.add(envelope, message, incoming, out);
    } else {
      throw new ContractViolationError(`unknown command type '${envelope.type}' (expected ${ExecCommandV1.TYPE_ADD} or ${ExecCommandV1.TYPE_DELETE})`);
    }
    return this.deps.signer.sign(out.messages);
  }

  private async add(envelope: Envelope, message: ArMessage, incoming: IncomingMessage, out: Outbox): Promise<void> {
    if (isExpired(envelope, this.deps.clock())) {
      out.audit('command.skipped', { reason: 'expired', detail: { command: message.command, expiresAt: envelope.expiresAt } });
      return;
    }
    const resolved = this.resolve(message, incoming.headers);
    switch (resolved.kind) {
      case 'refused':
      case 'absent':
        if (resolved.kind === 'refused') this.log.warn({ msg: resolved.reason, agentId: this.deps.agentId });
        out.audit('command.skipped', { reason: resolved.reason, detail: { command: message.command } });
        return;
      case 'restart':
        out.named('restart-wazuh').audit('script.started', { detail: { program: resolved.program, command: 'restart', args: resolved.args } });
        recordEnd(out, await this.deps.host.restart(resolved.program, resolved.args, message), this.deps.scriptTimeoutMs);
        return;
      case 'run': {
        const { arName, executable, program, timeoutSeconds, expect } = resolved;
        const call = { agentId: this.deps.agentId, arName, executable, program, timeoutSeconds, legacy: expect !== undefined, message, actor: incoming.headers[ACTOR_HEADER] };
        return this.deps.adds.run(call, out.named(arName));
      }
      default:
        return assertNever(resolved);
    }
  }

  /** The manager's resolution header when present, else this agent's ar.conf (spec §3.2 step 3). */
  private resolve(message: ArMessage, headers: Headers): CommandResolution {
    const resolution = ExecCommandV1.readResolution(headers);
    return resolveCommand({
      name: message.command,
      resolution,
      arConf: resolution ? undefined : this.readArConf(),
      isPresent: (e) => this.deps.host.isPresent(e),
      isManager: this.deps.agentId === MANAGER_ID,
    });
  }

  /** The agent's copy of ar.conf, read when needed (Wazuh re-reads it once on a miss; always reading is fresher). */
  private readArConf(): string | undefined {
    try {
      return readFileSync(path.join(this.deps.home, AR_CONF), 'utf8');
    } catch {
      return undefined;
    }
  }
}
