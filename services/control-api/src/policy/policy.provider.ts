import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, PolicyFileWatcher } from '@riposte/bus';
import { ConfigError, type Clock } from '@riposte/contracts';
import { formatProblem, parseOssecConf, type Policy } from '@riposte/policy';
import { ControlApiEnv } from '../env';
import { controlApiMetrics } from '../metrics';

/**
 * The manager's ossec.conf, parsed at boot (a bad file stops the boot, as Wazuh refuses to start) and re-read
 * whenever its content changes (`PolicyFileWatcher`). A changed file with errors is rejected and the last good
 * policy stays, so a half-saved edit never takes response names away from `PUT /active-response`.
 */
@Injectable()
export class PolicyProvider implements OnModuleDestroy {
  private readonly log = new Logger(PolicyProvider.name);
  private readonly path: string;
  private policy: Policy;
  private readonly watcher: PolicyFileWatcher;
  private loadedAt: number;

  constructor(
    @Inject(ControlApiEnv) env: ControlApiEnv,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.path = env.get('CONTROL_API_OSSEC_CONF');
    const text = this.read();
    const parsed = parseOssecConf(text, this.path);
    if (!parsed.ok) throw new ConfigError(`${this.path} cannot be used:\n${parsed.errors.map(formatProblem).join('\n')}`);
    this.policy = parsed.policy;
    this.loadedAt = clock();
    for (const w of parsed.warnings) this.log.warn(formatProblem(w));
    this.watcher = new PolicyFileWatcher({ file: this.path, pollMs: env.get('CONTROL_API_POLICY_POLL_MS'), onChange: (t) => void this.reload(t) });
    this.watcher.start(text);
  }

  /** The policy in force. */
  current(): Policy {
    return this.policy;
  }

  /** For `/health`: where the policy came from and when it was loaded (epoch ms). */
  status(): { source: string; loadedAt: number; responses: number } {
    return { source: this.path, loadedAt: this.loadedAt, responses: this.policy.responses.length };
  }

  /** Takes a changed file's content; returns whether a new policy was taken. */
  reload(text: string): boolean {
    const parsed = parseOssecConf(text, this.path);
    if (!parsed.ok) {
      controlApiMetrics.policyReloads.inc({ outcome: 'rejected' });
      this.log.error(`${this.path} changed but has errors; keeping the loaded policy:\n${parsed.errors.map(formatProblem).join('\n')}`);
      return false;
    }
    this.policy = parsed.policy;
    this.loadedAt = this.clock();
    controlApiMetrics.policyReloads.inc({ outcome: 'reloaded' });
    this.log.log(`policy reloaded from ${this.path}`);
    return true;
  }

  onModuleDestroy(): void {
    this.watcher.stop();
  }

  private read(): string {
    try {
      return readFileSync(this.path, 'utf8');
    } catch (cause) {
      throw new ConfigError(`CONTROL_API_OSSEC_CONF: cannot read '${this.path}'`, { cause });
    }
  }
}
