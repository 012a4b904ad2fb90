import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '@riposte/contracts';

/** The PEM certificate (chain) and private key an HTTP listener serves TLS with. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

/**
 * `<PREFIX>_TLS_CERT_FILE` and `<PREFIX>_TLS_KEY_FILE` (PEM), read once at boot: both set = HTTPS, neither = plain
 * HTTP, one alone, an unreadable file or a certificate and key that do not fit = ConfigError naming the variable. Use it as a part of `collectConfig`.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv, prefix: string): TlsFiles | undefined {
  const certVar = `${prefix}_TLS_CERT_FILE`;
  const keyVar = `${prefix}_TLS_KEY_FILE`;
  const certFile = env[certVar]?.trim() || undefined;
  const keyFile = env[keyVar]?.trim() || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigError(`${certFile ? keyVar : certVar}: is required when ${certFile ? certVar : keyVar} is set (TLS needs both)`);
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (cause) {
      throw new ConfigError(`${variable}: cannot read '${file}' (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
    }
  };
  const problems: string[] = [];
  const files: Partial<Record<'cert' | 'key', string>> = {};
  for (const [name, variable, file] of [['cert', certVar, certFile], ['key', keyVar, keyFile]] as const) {
    try {
      files[name] = read(variable, file);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) throw new ConfigError(problems.join('; '));
  const tls = { cert: files.cert!, key: files.key! };
  try {
    // Fails now, naming the variables, rather than when the listener opens.
    createSecureContext(tls);
  } catch (cause) {
    throw new ConfigError(`${certVar}, ${keyVar}: not a PEM certificate and its private key (${(cause as Error).message})`, { cause });
  }
  return tls;
}
