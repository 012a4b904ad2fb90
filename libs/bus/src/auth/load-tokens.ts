import { readFileSync } from 'node:fs';
import { ConfigError } from '@riposte/contracts';
import { TokenTable } from './tokens';

/** The tokens of a `{"tokens":[…]}` file named by the environment variable `variable`, read once at boot. */
export function loadTokensFile(file: string, variable: string): TokenTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`${variable}: cannot read '${file}'`, { cause });
  }
  return TokenTable.parse(text, file);
}
