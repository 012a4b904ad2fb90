import { Logger } from '@nestjs/common';
import { type ArMessage, ArMessageV1, type Clock, type Schedule } from '@riposte/contracts';
import { controlCharProblems, formatFieldProblem, type InvokeResult, type KeysDecision, type KeysReply } from '@riposte/responses';
import type { LocalStateStore } from '../state/local-state.store';
import { triggerOf, type ActiveKey } from '../state/executor-state';
import { classicArgs, classicArgsProblem, classicRkey, withVerb } from './classic-args';
import { decideReply, type ReplyDecision } from './decide-reply';
import type { Outbox } from './outbox';
import type { ScriptHost } from './script-host';
import { recordEnd } from './record-end';
import { scheduleFor } from './timer-request';

/** A resolved add, ready to run. */
export interface AddCall {
  readonly agentId: string;
  readonly arName: string;
  readonly executable: string;
  readonly program: string;
  readonly timeoutSeconds: number;
  /** The command declares `<expect>`: deviation (f). */
  readonly legacy: boolean;
  /** The message as the manager sent it. */
  readonly message: ArMessage;
  /** The operator of a manual command, if any. */
  readonly actor?: string;
}

/** What an add needs: the durable table, where scripts run, the agent's escalation settings, the clock, the kill limit. */
export interface AddDeps {
  readonly store: LocalStateStore;
  readonly host: ScriptHost;
  readonly repeatedOffenders: () => readonly number[];
  /** `EXECUTOR_REPEAT_OFFENDER_WINDOW_MS` (null: counts never expire). */
  readonly offenderWindowMs: number | null;
  readonly clock: Clock;
  readonly scriptTimeoutMs: number;
}

/** What happened to the timeout table during one add. */
interface Decided {
  decision?: ReplyDecision;
  rkey?: string;
  /** A command-line script that answered no check_keys: pre-4.2 handling after the run. */
  classic?: boolean;
  saveError?: unknown;
}

/**
 * One add, as execd runs it (spec §3.2 steps 4–8) plus deviation (f): rewrite, run with the check_keys exchange,
 * decide continue/abort against the durable timeout table (saved before the reply goes out), then record the end
 * and, for every stateful add, the timer request.
 */
export class AddHandler {
  private readonly log = new Logger(AddHandler.name);

  constructor(private readonly deps: AddDeps) {}

  async run(call: AddCall, out: Outbox): Promise<void> {
    if (this.refused(call, out)) return;
    const rewritten = ArMessageV1.rewriteForScript(call.message, 'add', call.program);
    const args = call.legacy ? classicArgs(call.message, 'add') : [];
    if (call.legacy && (await this.repeatClassic(call, rewritten, args, out))) return;
    out.audit('script.started', { detail: { program: call.program, command: 'add', args } });
    const decided: Decided = {};
    const onKeys = (reply: KeysReply) => this.onKeys(call, rewritten, reply, decided, out);
    const onReplied = () => this.onReplied(decided);
    const result = await this.deps.host.add({ executable: call.executable, program: call.program, args, message: rewritten }, { onKeys, onReplied });
    if (decided.saveError) throw decided.saveError; // retriable: redelivered, and the abort we sent made the run harmless
    if (decided.classic || (call.legacy && (result.kind === 'stateless' || (result.kind === 'killed' && !result.rkey)))) {
      await this.registerClassic(call, rewritten, args, out);
    }
    recordEnd(out, result, this.deps.scriptTimeoutMs, decided.rkey);
    if (decided.decision?.active) out.schedule(this.schedule(call, decided.rkey!, decided.decision.active));
    this.logStateless(call, result);
  }

  /**
   * Input hardening, before anything runs: a field a script receives holds a control character, or (command-line
   * script) an argument would be an option. Skipped and audited with the reason.
   */
  private refused(call: AddCall, out: Outbox): boolean {
    const reason = call.legacy ? classicArgsProblem(call.message) : unsafeField(call.message);
    if (reason === undefined) return false;
    this.log.warn({ msg: 'command refused: unsafe alert field', reason, agentId: call.agentId, arName: call.arName });
    out.audit('command.skipped', { reason, detail: { command: call.message.command } });
    return true;
  }

  /** execd's answer to the script's line (step 7); a command-line script's non-check_keys line means "classic". */
  private async onKeys(call: AddCall, rewritten: ArMessage, reply: KeysReply, decided: Decided, out: Outbox): Promise<KeysDecision> {
    if (call.legacy && !reply.valid) {
      decided.classic = true;
      return 'continue';
    }
    if (reply.truncated) this.log.warn({ msg: 'Active response key exceeds maximum size (4096). Truncating keys.', rkey: reply.rkey });
    out.audit('script.keys', { rkey: reply.rkey, detail: { keys: reply.keys, valid: reply.valid } });
    const entry = {
      arName: call.arName,
      program: call.program,
      deleteMessage: ArMessageV1.withCommand(rewritten, 'delete'),
      ...(call.legacy && { legacyArgs: classicArgs(call.message, 'delete') }),
      keys: [...reply.keys],
      trigger: triggerOf(call.message, call.actor),
    };
    const record = this.deps.store.get(reply.rkey);
    const decision = decideReply({ ...this.escalation(), record, timeoutSeconds: call.timeoutSeconds, now: this.deps.clock(), entry });
    try {
      // A `continue` is saved as unreplied until it is written (onReplied): a crash in between must not make the
      // redelivered add an abort of a block that never ran.
      if (decision.reply === 'continue' && decision.record?.active) this.deps.store.put(reply.rkey, { ...decision.record, active: { ...decision.record.active, unreplied: true } });
      else if (decision.record !== record) this.deps.store.put(reply.rkey, decision.record);
    } catch (error) {
      // Never block what we could not remember to undo.
      decided.saveError = error;
      return 'abort';
    }
    Object.assign(decided, { decision, rkey: reply.rkey });
    if (decision.reply === 'abort') this.log.debug({ msg: 'Command already received, updating time of addition to now.', rkey: reply.rkey });
    out.audit(decision.reply === 'continue' ? 'script.continue' : 'script.abort', { rkey: reply.rkey, detail: replyDetail(decision) });
    return decision.reply;
  }

  /** The `continue` is written to the script: from now on a repeat of the rkey is an abort. */
  private onReplied(decided: Decided): void {
    const record = decided.decision?.record;
    if (decided.decision?.reply !== 'continue' || !record?.active || decided.saveError) return;
    try {
      this.deps.store.put(decided.rkey!, record);
    } catch (error) {
      // Not retried by redelivery: that would run the script again for a block it may already have made. Left
      // unreplied, only a later add of the rkey runs it once more; the timer request still goes out.
      this.log.warn({ msg: 'could not mark the reply as sent', rkey: decided.rkey, error: String(error) });
    }
  }

  /** Pre-4.2: a repeat of an active command-line script is not run again; its timer restarts (with escalation). */
  private async repeatClassic(call: AddCall, rewritten: ArMessage, args: readonly string[], out: Outbox): Promise<boolean> {
    const rkey = classicRkey(call.program, args);
    if (!this.deps.store.get(rkey)?.active) return false;
    const decision = this.decideClassic(call, rewritten, args, rkey);
    this.deps.store.put(rkey, decision.record);
    out.audit('script.abort', { rkey, detail: { ...replyDetail(decision), classic: true } });
    if (decision.active) out.schedule(this.schedule(call, rkey, decision.active));
    return true;
  }

  /** Pre-4.2: a command-line script that answered nothing gets its undo from the executor. */
  private async registerClassic(call: AddCall, rewritten: ArMessage, args: readonly string[], out: Outbox): Promise<void> {
    if (call.timeoutSeconds === 0) return;
    const rkey = classicRkey(call.program, args);
    const decision = this.decideClassic(call, rewritten, args, rkey);
    this.deps.store.put(rkey, decision.record);
    out.audit('script.continue', { rkey, detail: { ...replyDetail(decision), classic: true } });
    if (decision.active) out.schedule(this.schedule(call, rkey, decision.active));
  }

  private decideClassic(call: AddCall, rewritten: ArMessage, args: readonly string[], rkey: string): ReplyDecision {
    // execd ≤ 4.1 escalated a repeat only when the srcip argument was not `-`.
    const record = this.deps.store.get(rkey);
    const offenders = record?.active !== undefined && args[2] === '-' ? [] : this.deps.repeatedOffenders();
    const trigger = triggerOf(call.message, call.actor);
    const entry = { arName: call.arName, program: call.program, deleteMessage: ArMessageV1.withCommand(rewritten, 'delete'), legacyArgs: withVerb(args, 'delete'), keys: [], trigger };
    return decideReply({ ...this.escalation(), repeatedOffenders: offenders, record, timeoutSeconds: call.timeoutSeconds, now: this.deps.clock(), entry });
  }

  private escalation(): { repeatedOffenders: readonly number[]; offenderWindowMs: number | null } {
    return { repeatedOffenders: this.deps.repeatedOffenders(), offenderWindowMs: this.deps.offenderWindowMs };
  }

  private schedule(call: AddCall, rkey: string, active: ActiveKey): Schedule {
    return scheduleFor(call.agentId, rkey, active, { trigger: triggerOf(call.message, call.actor) });
  }

  private logStateless(call: AddCall, result: InvokeResult): void {
    if (result.kind === 'stateless' && !call.legacy) this.log.debug({ msg: result.reason ?? 'stateless', arName: call.arName });
  }
}

/** The first field no script may receive (a control character), as the line a script would log; else undefined. */
function unsafeField(message: ArMessage): string | undefined {
  const [unsafe] = controlCharProblems(message);
  return unsafe && formatFieldProblem(unsafe);
}

function replyDetail(d: ReplyDecision): Record<string, unknown> {
  return { timeoutSeconds: d.active?.timeoutSeconds ?? 0, escalated: d.escalated, ...(d.active && { addedAt: d.active.addedAt }) };
}
