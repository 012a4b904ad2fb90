import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusProducer, CLOCK, type Caller, type CommandSigner, ExecTopics, SIGNER, TOPICS } from '@riposte/bus';
import { type Clock, type Topics, type TriggerResult } from '@riposte/contracts';
import { findArConfEntries } from '@riposte/policy';
import { RedisAgentKeyStore, RedisAgentRegistry } from '@riposte/store';
import { ControlApiEnv } from '../env';
import { controlApiMetrics } from '../metrics';
import { PolicyProvider } from '../policy/policy.provider';
import { buildManualMessages } from './manual-messages';
import { planManualTrigger } from './plan-manual-trigger';
import type { TriggerBody } from './trigger-body';
import { AR_MESSAGES, renderItems } from './wazuh-result';

/** `PUT /active-response`: load the registry and the ar.conf table, plan, sign, publish, render Wazuh's result. */
@Injectable()
export class ManualTriggerService {
  private readonly log = new Logger(ManualTriggerService.name);

  constructor(
    private readonly registry: RedisAgentRegistry,
    private readonly agentKeys: RedisAgentKeyStore,
    private readonly policy: PolicyProvider,
    private readonly producer: BusProducer,
    private readonly execTopics: ExecTopics,
    private readonly env: ControlApiEnv,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNER) private readonly signer: CommandSigner,
  ) {}

  /** `requested` undefined = every agent the caller may act on (the guard already refused explicit ones outside). */
  async run(caller: Caller, requested: readonly string[] | undefined, body: TriggerBody): Promise<TriggerResult> {
    const now = this.clock();
    const [known, enrolled] = await Promise.all([this.registry.list(now), this.agentKeys.all()]);
    // Commands go to enrolled agents only (issue 10): one without a key is as unknown as one never seen.
    const withKey = new Set(enrolled.map((e) => e.agentId));
    const agents = known.filter((a) => withKey.has(a.id) && (!caller.agents || caller.agents.has(a.id)));
    const plan = planManualTrigger({ command: body.command, requested, agents, entries: findArConfEntries(this.policy.current(), body.command) });
    const messages = buildManualMessages({
      plan,
      body,
      actor: caller.name,
      nodeName: this.env.get('CONTROL_API_NODE_NAME') ?? null,
      now,
      ttlMs: this.env.get('CONTROL_API_COMMAND_TTL_MS'),
      topics: this.topics,
      service: 'control-api',
    });
    await this.execTopics.ensure(plan.sendTo);
    await this.producer.send(this.signer.sign(messages));
    for (const _ of plan.sendTo) controlApiMetrics.manualDispatches.inc({ response: body.command });
    for (const f of plan.failed) controlApiMetrics.manualFailures.inc({ code: String(f.code) });
    this.log.log({ msg: 'manual trigger', actor: caller.name, arName: body.command, sent: plan.sendTo, failed: plan.failed });
    return renderItems(plan.sendTo, plan.failed.map((f) => ({ id: f.agentId, code: f.code })), AR_MESSAGES);
  }
}
