import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusProducer, CLOCK, type CommandSigner, errorFields, ExecTopics, SIGNER, TOPICS } from '@riposte/bus';
import { buildDeleteMessages, type Clock, type Topics } from '@riposte/contracts';
import { RedisTimerStore, toTimerView, type TimerView } from '@riposte/store';
import { controlApiMetrics } from '../metrics';

/** How long the control API holds a timer while it publishes the delete; a crash hands it back to the scheduler. */
const LEASE_MS = 30_000;

export type LiftOutcome = { status: 'lifted'; view: TimerView } | { status: 'missing' } | { status: 'busy' };

/**
 * Early unblock (wazuh/wazuh#1491): claim the timer (from then on the scheduler cannot fire it), publish the
 * signed delete exactly as the scheduler would plus a `manual.unblocked` audit naming the actor, then ack the timer
 * (gone, its generation retired). If the publish fails the timer is released back to the scheduler untouched.
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
    const now = this.clock();
    const claim = await this.timers.claim(agentId, rkey, now, LEASE_MS);
    if (claim.status !== 'claimed') return claim;
    const timer = claim.timer;
    try {
      await this.execTopics.ensure([agentId]);
      await this.producer.send(this.signer.sign(buildDeleteMessages(timer, now, this.topics, { service: 'control-api', auditType: 'manual.unblocked', actor })));
    } catch (e) {
      await this.timers.release([timer]).catch(() => undefined); // else its lease expiry returns it anyway
      throw e;
    }
    try {
      await this.timers.ack([timer], now);
    } catch (e) {
      // The delete is out; the lease will hand the timer back and the scheduler sends a second, harmless delete.
      this.log.warn({ msg: 'delete sent but the timer could not be removed', agentId, rkey, ...errorFields(e) });
    }
    controlApiMetrics.unblocks.inc();
    this.log.log({ msg: 'active response lifted', agentId, rkey, arName: timer.schedule.arName, actor });
    return { status: 'lifted', view: toTimerView(timer, now) };
  }
}
