import { z, type ZodError, type ZodType, type ZodTypeDef } from 'zod';
import { ConfigError, ContractViolationError } from './errors';

/** Turns zod issues into one line per field: `rule.level: Expected number, received string`. */
export function describeIssues(error: ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Parses `raw` with `schema` or throws a ContractViolationError naming every bad field. */
export function parseWith<T>(schema: ZodType<T, ZodTypeDef, unknown>, what: string, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = describeIssues(result.error);
  throw new ContractViolationError(`invalid ${what}: ${issues.join('; ')}`, issues);
}

/** JSON.parse that reports bad JSON as a contract violation instead of a SyntaxError. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ContractViolationError(`invalid ${what}: not JSON (${(cause as Error).message})`, [], { cause });
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes from the wire → JSON, as a contract violation when they are not UTF-8 (never silently U+FFFD: the bytes a
 * script gets must be the bytes that were sent) or not JSON. An empty or missing value is not JSON either.
 */
export function parseJsonBytes(bytes: Uint8Array | null, what: string): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(bytes ?? new Uint8Array(0));
  } catch (cause) {
    throw new ContractViolationError(`invalid ${what}: invalid UTF-8`, [], { cause });
  }
  return parseJson(text, what);
}

/**
 * Validates environment variables once at boot; an empty (or blank) variable means "use the default" (`VAR= cmd`).
 * Throws one ConfigError naming every bad variable (`PORT: must be an integer from 0 to 65535; …`).
 */
export function parseEnv<T>(schema: ZodType<T, ZodTypeDef, unknown>, raw: Record<string, string | undefined>): T {
  const blankAsUnset = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(blankAsUnset);
  if (!result.success) throw new ConfigError(`invalid environment: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}

/**
 * Runs every validation of a boot (the service's `parseEnv`, the libs' own readers such as `redisOptionsFromEnv`)
 * and reports all of their ConfigErrors at once, in one ConfigError; any other error is thrown as it is.
 */
export function collectConfig<T extends Record<string, () => unknown>>(parts: T): { [K in keyof T]: ReturnType<T[K]> } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of Object.entries(parts)) {
    try {
      values[name] = read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message.replace(/^invalid environment: /, ''));
    }
  }
  if (problems.length) throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  return values as { [K in keyof T]: ReturnType<T[K]> };
}

/** An integer environment variable from `min` to `max`, `fallback` when unset. */
export const envInt = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A boolean environment variable (true/false, 1/0, yes/no), `fallback` when unset. */
export const envBool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));
