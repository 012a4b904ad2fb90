import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Clock, groupIdsFor, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { CLOCK, type CommandSigner, type ConsumerHost, ConsumerHosts, ExecTopics, type IncomingMessage, SIGNER, TOPICS } from '@riposte/bus';
import { decide } from '@riposte/policy';
import { MatcherEnv } from '../env';
import { countOutcomes, matcherMetrics } from '../health/matcher.metrics';
import { PolicyProvider } from '../policy/policy.provider';
import { EnrolledAgents } from '@riposte/store';
import { ActiveAgentsCache } from '../registry/active-agents.cache';
import { commandTargets, planMessages } from './plan-messages';
import { readAlert } from './read-alert';

/**
 * The matcher's consumer group (`<namespace>.matcher`) on the alerts topic: more instances share its partitions.
 * Everything one Kafka batch causes goes out in one producer send before the offsets are committed (ConsumerHost);
 * every command in it is signed with the issuer key. Commands go only to enrolled agents (issue 10): `all` reaches
 * the active ones that have a key, and a response for any other agent id is audited as `alert.unknown-agent`.
 */
@Injectable()
export class AlertConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertConsumer.name);
  private host?: ConsumerHost;
  private readonly auditUnmatched: boolean;

  constructor(
    private readonly hosts: ConsumerHosts,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly policy: PolicyProvider,
    private readonly agents: ActiveAgentsCache,
    private readonly enrolment: EnrolledAgents,
    private readonly execTopics: ExecTopics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNER) private readonly signer: CommandSigner,
    env: MatcherEnv,
  ) {
    this.auditUnmatched = env.get('MATCHER_AUDIT_UNMATCHED');
  }

  /** Resolves once this member has joined its group. */
  get joined(): Promise<void> {
    return this.host?.joined ?? Promise.reject(new Error('alert consumer not started'));
  }

  async onApplicationBootstrap(): Promise<void> {
    // Partitions are independent (keyed by agent): overlap their Kafka round trips.
    this.host = this.hosts.create({ groupId: groupIdsFor(this.topics.namespace).matcher, topics: [this.topics.alerts], partitionsConsumedConcurrently: 4, handle: (m) => this.onAlert(m) });
    await this.host.start();
  }

  private async onAlert(msg: IncomingMessage): Promise<OutgoingMessage[]> {
    matcherMetrics.alertsIn.inc();
    const { alert, envelope } = readAlert(msg);
    const now = this.clock();
    const policy = this.policy.current();
    const { enrolled } = await this.enrolment.current(now);
    const agents = policy.needsActiveAgents ? (await this.agents.get(now)).filter((id) => enrolled.has(id)) : [];
    const decision = decide(alert, policy.compiled, agents);
    const out = planMessages({ alert, envelope, decision, topics: this.topics, now, enrolled, auditUnmatched: this.auditUnmatched });
    await this.execTopics.ensure(commandTargets(out, this.topics));
    countOutcomes(out, this.topics);
    this.logger.debug({ msg: 'alert matched', alertId: alert.id, ruleId: alert.rule.id, agentId: alert.agent.id, messages: out.length });
    return this.signer.sign(out);
  }
}
