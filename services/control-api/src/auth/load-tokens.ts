import { loadTokensFile, TokenTable } from '@riposte/bus';
import type { ControlApiEnv } from '../env';

/** The tokens of `CONTROL_API_TOKENS` (inline JSON, preferred) or `CONTROL_API_TOKENS_FILE`, read once at boot. */
export function loadTokens(env: ControlApiEnv): TokenTable {
  const inline = env.get('CONTROL_API_TOKENS');
  if (inline !== undefined) return TokenTable.parse(inline, 'CONTROL_API_TOKENS');
  return loadTokensFile(env.get('CONTROL_API_TOKENS_FILE')!, 'CONTROL_API_TOKENS_FILE');
}
