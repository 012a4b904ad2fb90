import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, describeIssues } from '@riposte/contracts';

/**
 * Roles. The control API's form a ladder, each including the one before: read ⊂ trigger ⊂ admin. `ingest` (alert
 * feeders: `POST /alerts` of alert-ingest) stands apart: it grants nothing else, and only admin includes it.
 */
export const ROLES = ['read', 'trigger', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

const LADDER: readonly Role[] = ['read', 'trigger', 'admin'];

/** True when `held` grants at least `needed`. */
export function hasRole(held: Role, needed: Role): boolean {
  if (held === 'admin') return true;
  if (held === 'ingest' || needed === 'ingest') return held === needed;
  return LADDER.indexOf(held) >= LADDER.indexOf(needed);
}

const TokenEntrySchema = z.object({
  /** Who the token belongs to: the actor written to the audit topic. */
  name: z.string().min(1),
  /** Long enough that guessing is hopeless. */
  token: z.string().min(16, 'must be at least 16 characters'),
  role: z.enum(ROLES),
  /** Agents the token may act on and see; absent = every agent. */
  agents: z.array(z.string().regex(/^\d{3,8}$/, 'must be a Wazuh agent id such as "001"')).optional(),
});

const TokensFileSchema = z.object({ tokens: z.array(TokenEntrySchema).min(1, 'must list at least one token') });

/** Who is calling: the token's name, role and agent scope (never the secret itself). */
export interface Caller {
  readonly name: string;
  readonly role: Role;
  /** Agent ids the caller may act on and see; undefined = every agent. */
  readonly agents?: ReadonlySet<string>;
}

interface Entry {
  readonly caller: Caller;
  readonly digest: Buffer;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The configured bearer tokens. Lookup compares the SHA-256 digests of every token in constant time and never stops
 * early, so neither the length nor the position of a match leaks through timing.
 */
export class TokenTable {
  private constructor(private readonly entries: readonly Entry[]) {}

  /** Parses `{"tokens":[{name, token, role, agents?}]}`; throws a ConfigError naming every bad field. */
  static parse(json: string, source: string): TokenTable {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (cause) {
      throw new ConfigError(`${source}: not JSON (${(cause as Error).message})`, { cause });
    }
    const result = TokensFileSchema.safeParse(raw);
    if (!result.success) throw new ConfigError(`${source}: ${describeIssues(result.error).join('; ')}`);
    const seen = new Set<string>();
    for (const t of result.data.tokens) {
      if (seen.has(t.token)) throw new ConfigError(`${source}: token of '${t.name}' is used twice`);
      seen.add(t.token);
    }
    return new TokenTable(
      result.data.tokens.map((t) => ({
        caller: { name: t.name, role: t.role, agents: t.agents ? new Set(t.agents) : undefined },
        digest: digest(t.token),
      })),
    );
  }

  /** The caller a presented token belongs to, or undefined. */
  lookup(presented: string): Caller | undefined {
    const d = digest(presented);
    let found: Caller | undefined;
    for (const e of this.entries) if (timingSafeEqual(d, e.digest) && !found) found = e.caller;
    return found;
  }

  get size(): number {
    return this.entries.length;
  }
}
