import { Logger } from '@nestjs/common';
import { ArMessageV1, type ArMessage, type DeleteHeaders } from '@riposte/contracts';
import type { LocalStateStore } from '../state/local-state.store';
import type { Outbox } from './outbox';
import { planDelete } from './plan-delete';
import { recordEnd } from './record-end';
import { AR_BIN_DIR, refersToParentFolder } from './resolve-command';
import type { ScriptHost } from './script-host';

/** What a delete needs: the durable table, where scripts run, the kill limit. */
export interface DeleteDeps {
  readonly store: LocalStateStore;
  readonly host: ScriptHost;
  readonly scriptTimeoutMs: number;
}

/**
 * A delete from the scheduler or the control API (spec §3.3): the stored add with `command:"delete"` on stdin, no
 * key exchange, classic arguments for a command-line script. It runs only when {@link planDelete} allows it (the
 * key is active with the generation the delete names), with the program of the add we hold; the key
 * is dropped after the run, so a crash mid-run repeats the delete rather than losing it.
 */
export class DeleteHandler {
  private readonly log = new Logger(DeleteHandler.name);

  constructor(private readonly deps: DeleteDeps) {}

  async run(message: ArMessage, headers: DeleteHeaders, out: Outbox): Promise<void> {
    const plan = planDelete({ record: this.deps.store.get(headers.rkey), generation: headers.generation });
    if (!plan.run) {
      out.audit('command.skipped', { rkey: headers.rkey, reason: plan.reason, detail: { generation: headers.generation ?? null } });
      return;
    }
    out.named(plan.entry.arName);
    // The program of the add we hold, never one the delete names.
    const program = plan.entry.program;
    const executable = program.startsWith(`${AR_BIN_DIR}/`) ? program.slice(AR_BIN_DIR.length + 1) : '';
    if (executable === '' || refersToParentFolder(executable)) {
      out.audit('command.skipped', { rkey: headers.rkey, reason: `Active response command '${program}' vulnerable to directory traversal attack. Ignoring.` });
    } else {
      const args = plan.entry.legacyArgs ?? headers.legacyArgs ?? [];
      const stdin = ArMessageV1.rewriteForScript(message, 'delete', program);
      this.log.debug({ msg: `Executing command '${program} ${JSON.stringify(stdin)}' after a timeout of '${plan.entry.timeoutSeconds}s'`, rkey: headers.rkey });
      out.audit('script.started', { rkey: headers.rkey, detail: { program, command: 'delete', args } });
      const result = await this.deps.host.delete({ executable, program, args, message: stdin });
      recordEnd(out, result, this.deps.scriptTimeoutMs, headers.rkey);
    }
    this.deps.store.put(headers.rkey, plan.record);
  }
}
