import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { auditMessage, type AuditEvent, type Clock, ConfigError, InvariantViolation, type Topics } from '@riposte/contracts';
import { BusProducer, CLOCK, errorFields, PolicyFileWatcher, TOPICS } from '@riposte/bus';
import { MatcherEnv } from '../env';
import { matcherMetrics } from '../health/matcher.metrics';
import { readPolicy, reloadAudit, type PolicySnapshot } from './read-policy';

/**
 * The current policy, loaded from `MATCHER_OSSEC_CONF` at boot (an invalid file stops the boot, as it stops
 * Wazuh) and reloaded when the file changes (`PolicyFileWatcher`: fs.watch on the folder plus a poll). A new file
 * that does not parse keeps the old policy; either outcome is logged, counted and audited.
 */
@Injectable()
export class PolicyProvider implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyProvider.name);
  private readonly file: string;
  private snapshot?: PolicySnapshot;
  private readonly watcher: PolicyFileWatcher;

  constructor(
    env: MatcherEnv,
    private readonly producer: BusProducer,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.file = path.resolve(env.get('MATCHER_OSSEC_CONF'));
    this.watcher = new PolicyFileWatcher({ file: this.file, pollMs: env.get('MATCHER_POLICY_POLL_MS'), onChange: (text) => this.judge(text) });
  }

  async onModuleInit(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch((cause: unknown) => {
      throw new ConfigError(`MATCHER_OSSEC_CONF: cannot read '${this.file}'`, { cause });
    });
    const reading = readPolicy(text, this.file, this.clock());
    // Logged once, by main.ts, which exits: Wazuh refuses to start on these too.
    if (!reading.ok) throw new ConfigError(reading.problems.join('\n'));
    this.accept(reading.snapshot);
    this.logger.log({ msg: 'policy loaded', source: this.file, responses: reading.snapshot.responseCount });
    this.watcher.start(text);
  }

  onModuleDestroy(): void {
    this.watcher.stop();
  }

  /** The policy in force. Always defined once the module has started. */
  current(): PolicySnapshot {
    if (!this.snapshot) throw new InvariantViolation('the policy is not loaded yet');
    return this.snapshot;
  }

  /** Re-reads the file now (also what the watcher and the poll call); checks run one at a time. */
  checkForChange(): Promise<void> {
    return this.watcher.check();
  }

  /** A new content of the file: take it, or keep the previous policy; log, count and audit either way. */
  private async judge(text: string): Promise<void> {
    const now = this.clock();
    const reading = readPolicy(text, this.file, now);
    if (reading.ok) {
      this.accept(reading.snapshot);
      this.logger.log({ msg: 'policy reloaded', source: this.file, responses: reading.snapshot.responseCount });
    } else {
      this.logger.error({ msg: 'ossec.conf rejected; keeping the previous policy', source: this.file, problems: reading.problems });
    }
    matcherMetrics.policyReloads.inc({ outcome: reading.ok ? 'reloaded' : 'rejected' });
    await this.audit(reloadAudit(reading, this.file, now));
  }

  private accept(snapshot: PolicySnapshot): void {
    this.snapshot = snapshot;
    if (snapshot.warnings.length) this.logger.warn({ msg: 'ossec.conf warnings', source: this.file, warnings: snapshot.warnings });
  }

  private async audit(event: AuditEvent): Promise<void> {
    try {
      await this.producer.send([auditMessage(this.topics, event, { traceId: randomUUID() })]);
    } catch (error) {
      // The reload itself succeeded or failed already; a lost audit line must not undo it.
      this.logger.error({ msg: 'cannot publish the policy audit event', type: event.type, ...errorFields(error) });
    }
  }
}
