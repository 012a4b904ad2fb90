import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusProducer, CLOCK, TOPICS } from '@riposte/bus';
import { auditMessage, type AuditEvent, type Clock, type Topics } from '@riposte/contracts';
import { RedisAgentKeyStore, type EnrolledKey } from '@riposte/store';
import { controlApiMetrics } from '../metrics';

export interface Enrolment {
  readonly entry: EnrolledKey;
  /** The key it replaced, when that was another one (a rotation). */
  readonly replacedKeyId?: string;
}

/**
 * Enrols and revokes agent keys (issue 10). The audit event goes out before Redis changes: a key is never in force
 * without its `agent.enrolled`, nor gone without its `agent.revoked`. If the store then fails the caller gets a 503,
 * and the retry (enrolment is idempotent) repeats both, so at worst an event is there twice.
 */
@Injectable()
export class AgentEnrolmentService {
  private readonly log = new Logger(AgentEnrolmentService.name);

  constructor(
    private readonly keys: RedisAgentKeyStore,
    private readonly producer: BusProducer,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `key` is already checked (`parseAgentKeyBody`): an Ed25519 SPKI PEM whose id is `keyId`. */
  async enrol(agentId: string, key: { publicKeyPem: string; keyId: string }, actor: string): Promise<Enrolment> {
    const now = this.clock();
    const previous = await this.keys.get(agentId);
    const replacedKeyId = previous && previous.keyId !== key.keyId ? previous.keyId : undefined;
    await this.audit({ type: 'agent.enrolled', at: now, service: 'control-api', agentId, actor, detail: { keyId: key.keyId, ...(replacedKeyId && { replacedKeyId }) } });
    const entry = await this.keys.enrol(agentId, key.publicKeyPem, actor, now);
    controlApiMetrics.agentKeys.inc({ action: 'enrolled' });
    this.log.log({ msg: 'agent enrolled', agentId, keyId: entry.keyId, replacedKeyId, actor });
    return { entry, ...(replacedKeyId && { replacedKeyId }) };
  }

  /** Removes the agent's key; null when it had none (nothing audited then). */
  async revoke(agentId: string, actor: string): Promise<{ keyId: string; at: number } | null> {
    const now = this.clock();
    const current = await this.keys.get(agentId);
    if (!current) return null;
    await this.audit({ type: 'agent.revoked', at: now, service: 'control-api', agentId, actor, detail: { keyId: current.keyId } });
    await this.keys.revoke(agentId);
    controlApiMetrics.agentKeys.inc({ action: 'revoked' });
    this.log.log({ msg: 'agent revoked', agentId, keyId: current.keyId, actor });
    return { keyId: current.keyId, at: now };
  }

  private async audit(event: AuditEvent): Promise<void> {
    await this.producer.send([auditMessage(this.topics, event, { traceId: randomUUID() })]);
  }
}
