import { auditMessage, createEnvelope, withEnvelope, type AuditEvent, type AuditType, type Clock, type Envelope, type OutgoingMessage, type Schedule, type Topics, type Trigger } from '@riposte/contracts';
import { counter } from '@riposte/bus';

/** Envelope type of the timer requests the executor publishes. */
export const TYPE_TIMER_SCHEDULE = 'timer.schedule';

/** Every step the executor audits, by type (`script.ended`, `command.skipped`, …), on `GET /metrics`. */
const steps = counter('riposte_executor_steps_total', 'Audited executor steps by type', ['type']);

type AuditFields = Omit<Partial<AuditEvent>, 'type' | 'at' | 'service' | 'agentId'>;

/**
 * What one command leaves to publish: audit steps and timer requests, in order, all sharing the command's trace id.
 * The handler returns `messages`, so ConsumerHost publishes them before it commits the command's offset.
 */
export class Outbox {
  readonly messages: OutgoingMessage[] = [];

  constructor(
    private readonly topics: Topics,
    private readonly agentId: string,
    private readonly cause: Pick<Envelope, 'traceId'>,
    private readonly clock: Clock,
    /** Fields every audit of this command carries (alert id, rule id, actor). */
    private readonly base: Trigger & { arName?: string } = {},
  ) {}

  /** Sets the AR name once it is known. */
  named(arName: string): this {
    this.base.arName = arName;
    return this;
  }

  audit(type: AuditType, fields: AuditFields = {}): void {
    const event: AuditEvent = { type, at: this.clock(), service: 'executor', agentId: this.agentId, ...this.base, ...fields };
    this.messages.push(auditMessage(this.topics, event, this.cause));
    steps.inc({ type });
  }

  /** A TimerRequestV1 `schedule` to the timers topic, keyed by agent id (signed by the ExecutionService through the AgentSigner). */
  schedule(request: Schedule): void {
    const envelope = createEnvelope({ now: this.clock(), type: TYPE_TIMER_SCHEDULE, traceId: this.cause.traceId });
    this.messages.push(withEnvelope(this.topics.timers, this.agentId, request, envelope));
  }
}
