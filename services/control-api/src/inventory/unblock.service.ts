import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusProducer, CLOCK, type CommandSigner, errorFields, ExecTopics, SIGNER, TOPICS } from '@riposte/bus';
import { buildDeleteMessages, type Clock, type Topics } from '@riposte/contracts';
import { RedisTimerStore, TimerUndo, toTimerView, type SendPort, type TimerView } from '@riposte/store';
import { controlApiMetrics } from '../metrics';

/** How long the control API holds a timer while it publishes the delete; a crash hands it back to the scheduler. */
const LEASE_MS = 30_000;

export type LiftOutcome = { status: 'lifted'; view: TimerView } | { status: 'missing' } | { status: 'busy' };

/**
 * Early unblock (wazuh/wazuh#1491) on the one undo path (`TimerUndo` of `@riposte/store`): claim the timer (from
 * then on the scheduler cannot fire it), publish the signed delete exactly as the scheduler would plus a
 * `manual.unblocked` audit naming the actor, then ack the timer (gone, its generation retired). If the publish
 * fails the timer is released back to the scheduler untouched.
 */
@Injectable()
export class UnblockService {
  private readonly log = new Logger(UnblockService.name);

  constructor(
    private readonly timers: RedisTimerStore,
    private readonly producer: BusProducer,
    private readonly execTopics: ExecTopics,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNER) private readonly signer: CommandSigner,
  ) {}

  async lift(agentId: string, rkey: string, actor: string): Promise<LiftOutcome> {
    const send: SendPort = {
      send: async (messages) => {
        await this.execTopics.ensure([agentId]);
        await this.producer.send(messages);
      },
    };
    const undo = new TimerUndo({
      send,
      timers: this.timers,
      clock: () => this.clock(),
      messages: (t, now) => this.signer.sign(buildDeleteMessages(t, now, this.topics, { service: 'control-api', auditType: 'manual.unblocked', actor })),
    });
    const result = await undo.fireOne(agentId, rkey, LEASE_MS);
    if (result.status === 'failed') throw result.error;
    if (result.status !== 'sent') return result;
    if (result.report.ackError !== undefined) {
      // The delete is out; the lease will hand the timer back and the scheduler sends a second, harmless delete.
      this.log.warn({ msg: 'delete sent but the timer could not be removed', agentId, rkey, ...errorFields(result.report.ackError) });
    }
    controlApiMetrics.unblocks.inc();
    this.log.log({ msg: 'active response lifted', agentId, rkey, arName: result.timer.schedule.arName, actor });
    return { status: 'lifted', view: toTimerView(result.timer, result.report.now) };
  }
}
