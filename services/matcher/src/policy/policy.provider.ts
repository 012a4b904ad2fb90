import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type AuditEvent, type Clock, ConfigError, InvariantViolation, type Topics } from '@riposte/contracts';
import { auditMessage, BusProducer, CLOCK, errorFields, TOPICS } from '@riposte/bus';
import { MatcherEnv } from '../env';
import { matcherMetrics } from '../health/matcher.metrics';
import { readPolicy, reloadAudit, type PolicySnapshot } from './read-policy';

/** Editors and config tools write in several steps; one check after the burst reads the finished file. */
const SETTLE_MS = 100;

/**
 * The current policy, loaded from `MATCHER_OSSEC_CONF` at boot (an invalid file stops the boot, as it stops
 * Wazuh) and reloaded when the file changes: fs.watch on the folder (it survives the rename an atomic write does)
 * plus a poll, because fs.watch misses changes on some file systems. A new file that does not parse keeps the old
 * policy; either outcome is logged, counted and audited.
 */
@Injectable()
export class PolicyProvider implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyProvider.name);
  private readonly file: string;
  private snapshot?: PolicySnapshot;
  /** Hash of the last text judged, accepted or not, so one bad file is reported once. */
  private lastSeen?: string;
  private readFailing = false;
  private watcher?: FSWatcher;
  private poll?: NodeJS.Timeout;
  private settle?: NodeJS.Timeout;
  private checks: Promise<unknown> = Promise.resolve();
  private readonly pollMs: number;

  constructor(
    env: MatcherEnv,
    private readonly producer: BusProducer,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.file = path.resolve(env.get('MATCHER_OSSEC_CONF'));
    this.pollMs = env.get('MATCHER_POLICY_POLL_MS');
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
    this.startWatching();
  }

  onModuleDestroy(): void {
    this.watcher?.close();
    clearInterval(this.poll);
    clearTimeout(this.settle);
  }

  /** The policy in force. Always defined once the module has started. */
  current(): PolicySnapshot {
    if (!this.snapshot) throw new InvariantViolation('the policy is not loaded yet');
    return this.snapshot;
  }

  /** Re-reads the file now (also what the watcher and the poll call); checks run one at a time. */
  checkForChange(): Promise<void> {
    const next = this.checks.then(() => this.check());
    this.checks = next.catch(() => undefined);
    return next;
  }

  private startWatching(): void {
    try {
      // The folder, not the file: an atomic write (write temp, rename) replaces the inode a file watch holds.
      this.watcher = watch(path.dirname(this.file), { persistent: false }, () => this.scheduleCheck());
      this.watcher.on('error', (error) => this.logger.warn({ msg: 'fs.watch failed; polling only', ...errorFields(error) }));
    } catch (error) {
      this.logger.warn({ msg: 'fs.watch unavailable; polling only', ...errorFields(error) });
    }
    this.poll = setInterval(() => this.checkInBackground(), this.pollMs);
    this.poll.unref();
  }

  private scheduleCheck(): void {
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.checkInBackground(), SETTLE_MS);
    this.settle.unref();
  }

  private checkInBackground(): void {
    // check() handles read and publish failures itself; anything else is a bug, logged rather than left unhandled.
    this.checkForChange().catch((error: unknown) => this.logger.error({ msg: 'policy check crashed', source: this.file, ...errorFields(error) }));
  }

  private async check(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
      this.readFailing = false;
    } catch (error) {
      // Mid-replacement or deleted: keep the policy; say so once, not at every poll.
      if (!this.readFailing) this.logger.warn({ msg: 'cannot read ossec.conf; keeping the current policy', source: this.file, ...errorFields(error) });
      this.readFailing = true;
      return;
    }
    const now = this.clock();
    const reading = readPolicy(text, this.file, now);
    const hash = reading.ok ? reading.snapshot.hash : reading.hash;
    if (hash === this.lastSeen) return;
    this.lastSeen = hash;
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
    this.lastSeen = snapshot.hash;
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
