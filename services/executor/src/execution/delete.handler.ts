import { Logger } from '@nestjs/common';
import { ArMessageV1, ContractViolationError, ExecCommandV1, type ArMessage, type Headers } from '@riposte/contracts';
import type { LocalStateStore } from '../state/local-state.store';
import type { Outbox } from './outbox';
import { planDelete } from './plan-delete';
import { recordEnd } from './record-end';
import { AR_BIN_DIR, refersToParentFolder } from './resolve-command';
import type { ScriptHost } from './script-host';

const { EXEC_HEADER } = ExecCommandV1;

/** What a delete's headers say (EXEC_HEADER): the rkey, the generation of the timer that fired, classic arguments. */
export interface DeleteHeaders {
  readonly rkey: string;
  readonly generation?: number;
  readonly legacyArgs?: readonly string[];
}

/** Reads the delete headers; a delete without an rkey, or with a bad generation or arguments, breaks the contract. */
export function readDeleteHeaders(h: Headers): DeleteHeaders {
  const rkey = h[EXEC_HEADER.rkey];
  if (!rkey) throw new ContractViolationError(`delete without header ${EXEC_HEADER.rkey}`);
  const rawGeneration = h[EXEC_HEADER.generation];
  let generation: number | undefined;
  if (rawGeneration !== undefined && rawGeneration !== '') {
    generation = Number(rawGeneration);
    if (!Number.isSafeInteger(generation) || generation < 0) throw new ContractViolationError(`header ${EXEC_HEADER.generation}: not epoch milliseconds`);
  }
  const rawArgs = h[EXEC_HEADER.legacyArgs];
  let legacyArgs: string[] | undefined;
  if (rawArgs) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawArgs);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new ContractViolationError(`header ${EXEC_HEADER.legacyArgs}: not a JSON array of strings`);
    legacyArgs = parsed;
  }
  return { rkey, ...(generation !== undefined && { generation }), ...(legacyArgs && { legacyArgs }) };
}

/** What a delete needs: the durable table, where scripts run, the kill limit. */
export interface DeleteDeps {
  readonly store: LocalStateStore;
  readonly host: ScriptHost;
  readonly scriptTimeoutMs: number;
}

/**
 * A delete from the scheduler or the control API (spec §3.3): the stored add with `command:"delete"` on stdin, no
 * key exchange, classic arguments for a command-line script. It runs only when {@link planDelete} allows it; the key
 * is dropped after the run, so a crash mid-run repeats the delete rather than losing it.
 */
export class DeleteHandler {
  private readonly log = new Logger(DeleteHandler.name);

  constructor(private readonly deps: DeleteDeps) {}

  async run(message: ArMessage, headers: DeleteHeaders, out: Outbox): Promise<void> {
    const plan = planDelete({ state: this.deps.store.current, rkey: headers.rkey, generation: headers.generation });
    if (!plan.run) {
      out.audit('command.skipped', { rkey: headers.rkey, reason: plan.reason, detail: { generation: headers.generation ?? null } });
      return;
    }
    if (plan.entry) out.named(plan.entry.arName);
    const program = plan.entry?.program ?? message.parameters.program ?? '';
    const executable = program.startsWith(`${AR_BIN_DIR}/`) ? program.slice(AR_BIN_DIR.length + 1) : '';
    if (executable === '' || refersToParentFolder(executable)) {
      out.audit('command.skipped', { rkey: headers.rkey, reason: `Active response command '${program}' vulnerable to directory traversal attack. Ignoring.` });
    } else {
      const args = plan.entry?.legacyArgs ?? headers.legacyArgs ?? [];
      const stdin = ArMessageV1.rewriteForScript(message, 'delete', program);
      this.log.debug({ msg: `Executing command '${program} ${JSON.stringify(stdin)}' after a timeout of '${plan.entry?.timeoutSeconds ?? 0}s'`, rkey: headers.rkey });
      out.audit('script.started', { rkey: headers.rkey, detail: { program, command: 'delete', args } });
      const result = await this.deps.host.delete({ executable, program, args, message: stdin });
      recordEnd(out, result, this.deps.scriptTimeoutMs, headers.rkey);
    }
    if (plan.state !== this.deps.store.current) await this.deps.store.save(plan.state);
  }
}
