import { ConfigError } from '@riposte/contracts';
import { formatProblem, type Problem } from './problem';

/** A configuration Wazuh would refuse, with every problem found (`ConfigError`: not retriable). */
export class OssecConfigError extends ConfigError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n') || 'invalid configuration');
  }
}
