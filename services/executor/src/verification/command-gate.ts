import type { KeyObject } from 'node:crypto';
import * as path from 'node:path';
import type { OnApplicationShutdown } from '@nestjs/common';
import { auditMessage, HEADER, MessageRefusedError, SIGNATURE_HEADER, verifyCommand, type AuditEvent, type Clock, type Topics, type VerifiedCommand, type VerifyFailure } from '@riposte/contracts';
import { counter, type CommitPosition, type IncomingMessage } from '@riposte/bus';
import type { FileReplayMemory } from '@riposte/responses';

/** Where the executor remembers the message ids it accepted, under its home (beside the state file). */
export const REPLAY_FILE = path.join('var', 'riposte-replay-memory');

/** Refused commands by reason (`unsigned`, `unknown-key`, ...), on `GET /metrics`. */
const rejected = counter('riposte_executor_commands_rejected_total', 'Commands refused before anything ran, by reason', ['reason']);

/** Longest text an attacker-chosen header may put into an audit event. */
const MAX_TEXT = 256;

export interface CommandGateDeps {
  readonly agentId: string;
  readonly topics: Topics;
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  readonly skewMs: number;
  readonly clock: Clock;
  /** Accepted ids, across restarts; written only for commands whose outputs are published. */
  readonly memory: FileReplayMemory;
}

/** An accepted command whose offset is not committed yet. */
interface Pending {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly until: number;
}

const short = (text: string | undefined): string | undefined => (text ? text.slice(0, MAX_TEXT) : undefined);

/**
 * The first thing the executor does with a message from its topic (issue 10): {@link admit} runs `verifyCommand`
 * against the trusted issuer keys, and a refusal becomes a {@link MessageRefusedError} — the consumer host
 * dead-letters the message with the reason and publishes the `command.rejected` audit event, before the commit.
 *
 * Replays: an accepted id is pending until the offset of its message is about to be committed ({@link commit},
 * after the batch's outputs are published), and only then written to the durable replay memory. A crash before the
 * publication therefore redelivers the command as what it is, not as a `replayed` one; a copy of it on the topic
 * meanwhile is refused, as the pending set is asked too. The same record delivered again (a retriable failure,
 * a failed flush) is not a replay.
 */
export class CommandGate implements OnApplicationShutdown {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: CommandGateDeps) {}

  /** The verified command, or throws MessageRefusedError (nothing runs). */
  admit(m: IncomingMessage): VerifiedCommand {
    const { agentId, trustedKeys, skewMs } = this.deps;
    const now = this.deps.clock();
    const verdict = verifyCommand({ topic: m.topic, headers: m.headers, value: m.value }, { agentId, trustedKeys, now, skewMs, seen: (id) => this.seen(id, m) });
    if (!verdict.ok) throw this.refusal(m, verdict, now);
    this.pending.set(verdict.messageId, { topic: m.topic, partition: m.partition, offset: BigInt(m.offset), until: verdict.rememberUntil });
    return verdict;
  }

  /** Before the offsets up to `position` are committed (their outputs are published): remember their ids durably. */
  async commit(position: CommitPosition): Promise<void> {
    const upTo = BigInt(position.offset);
    const now = this.deps.clock();
    for (const [id, p] of this.pending) {
      if (p.topic !== position.topic || p.partition !== position.partition || p.offset > upTo) continue;
      this.deps.memory.remember(id, p.until, now);
      this.pending.delete(id);
    }
    await this.deps.memory.sync();
  }

  onApplicationShutdown(): void {
    this.deps.memory.close();
  }

  private seen(messageId: string, m: IncomingMessage): boolean {
    if (this.deps.memory.has(messageId)) return true;
    const p = this.pending.get(messageId);
    return p !== undefined && !(p.topic === m.topic && p.partition === m.partition && p.offset === BigInt(m.offset));
  }

  private refusal(m: IncomingMessage, verdict: VerifyFailure, now: number): MessageRefusedError {
    const messageId = short(m.headers[HEADER.messageId]);
    const keyId = short(m.headers[SIGNATURE_HEADER.keyId]);
    const event: AuditEvent = {
      type: 'command.rejected',
      at: now,
      service: 'executor',
      agentId: this.deps.agentId,
      reason: verdict.reason,
      detail: { detail: verdict.detail.slice(0, 2 * MAX_TEXT), ...(messageId && { messageId }), ...(keyId && { keyId }), topic: m.topic, partition: m.partition, offset: m.offset },
    };
    const where = `${m.topic}:${m.partition}:${m.offset}`;
    // One audit per record: a replayed copy shares the original's trace id, never its message id.
    const audit = auditMessage(this.deps.topics, event, { traceId: short(m.headers[HEADER.traceId]) ?? where, messageId: `command.rejected:${where}` });
    rejected.inc({ reason: verdict.reason });
    return new MessageRefusedError(`${verdict.reason}: ${verdict.detail.slice(0, 2 * MAX_TEXT)}`, [audit]);
  }
}
