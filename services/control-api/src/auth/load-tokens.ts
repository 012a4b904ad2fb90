import { readFileSync } from 'node:fs';
import { ConfigError } from '@riposte/contracts';
import type { ControlApiEnv } from '../env';
import { TokenTable } from './tokens';

/** The tokens of `CONTROL_API_TOKENS` (inline JSON, preferred) or `CONTROL_API_TOKENS_FILE`, read once at boot. */
export function loadTokens(env: ControlApiEnv): TokenTable {
  const inline = env.get('CONTROL_API_TOKENS');
  if (inline !== undefined) return TokenTable.parse(inline, 'CONTROL_API_TOKENS');
  const file = env.get('CONTROL_API_TOKENS_FILE')!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`CONTROL_API_TOKENS_FILE: cannot read '${file}'`, { cause });
  }
  return TokenTable.parse(text, file);
}
