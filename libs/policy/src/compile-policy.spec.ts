import fc from 'fast-check';
import type { AlertFacts } from './alert-facts';
import { boundResponses, boundResponsesByScan, compilePolicy } from './compile-policy';
import { LiteralIndex } from './literal-index';
import { OsRegex } from './ossec-regex';
import type { Policy, ResponseBlock } from './policy';
import { parseRulesId } from './rules-id';
import { EMPTY_WHITELIST } from './whitelist';

const GROUP_TOKENS = ['syslog', 'sshd', 'web', 'webshell', 'attack', 'authentication_failed', 'pci_dss_10.2.4', 'windows'];
const PATTERNS = [
  'sshd,',
  'web',
  'web,',
  'attack|sshd',
  '^syslog,',
  'pci_dss_10\\.2\\.4',
  '\\w+shell',
  'authentication_\\w+,$',
  '\\d',
  '(a|b)',
  '',
  'SSHD',
  'windows,$',
];

const PIECES = ['a', 'b', 'S', 'h', ',', '\\w+', '\\w*', '\\d+', '\\.', '\\p', '\\s*', '|', '^', '$', '(', ')', '+'];
const arbPattern = fc.oneof(
  fc.constantFrom(...PATTERNS),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join('')),
);

function block(index: number, o: { level: number; rulesGroup?: string; rulesId?: string }): ResponseBlock {
  return {
    index,
    name: `r${index}`,
    command: { name: 'c', executable: 'c', timeoutAllowed: true },
    location: 'local',
    flags: { server: false, local: true, definedAgent: false, all: false },
    level: o.level,
    rulesGroup: o.rulesGroup,
    rulesId: o.rulesId,
    ruleIds: o.rulesId === undefined ? [] : parseRulesId(o.rulesId),
    timeout: 0,
  };
}

function policyOf(blocks: ResponseBlock[]): Policy {
  return { source: 't', nodeName: 'undefined', commands: [], responses: blocks, disabled: [], whitelist: EMPTY_WHITELIST };
}

const arbBlockSpec = fc.record({
  level: fc.integer({ min: 0, max: 20 }),
  rulesGroup: fc.option(arbPattern, { nil: undefined }),
  rulesId: fc.option(fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }).map((ids) => ids.join(',')), { nil: undefined }),
});

const arbFacts: fc.Arbitrary<AlertFacts> = fc.record({
  ruleId: fc.integer({ min: 1, max: 30 }),
  level: fc.integer({ min: 0, max: 20 }),
  groupString: fc.subarray(GROUP_TOKENS).map((g) => g.map((t) => `${t},`).join('')),
  agentId: fc.constant('001'),
});

describe('§2 compiled policy (issue point 8): the indexes give exactly the full scan', () => {
  it('binds the same blocks, in configuration order, as checking every block (property)', () => {
    fc.assert(
      fc.property(fc.array(arbBlockSpec, { maxLength: 25 }), fc.array(arbFacts, { minLength: 1, maxLength: 5 }), (specs, alerts) => {
        const compiled = compilePolicy(policyOf(specs.map((s, i) => block(i, s))));
        for (const facts of alerts) {
          const indexed = boundResponses(compiled, facts).map((b) => b.block.index);
          const scanned = boundResponsesByScan(compiled, facts).map((b) => b.block.index);
          expect(indexed).toEqual(scanned);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('looks at fewer blocks than it holds: a rule id lookup does not touch unrelated group blocks', () => {
    const blocks = [block(0, { level: 0, rulesId: '5712' }), ...Array.from({ length: 50 }, (_, i) => block(i + 1, { level: 0, rulesGroup: `group${i},` }))];
    const compiled = compilePolicy(policyOf(blocks));
    const facts = { ruleId: 5712, level: 5, groupString: 'sshd,', agentId: '001' };
    expect(boundResponses(compiled, facts).map((b) => b.block.name)).toEqual(['r0']);
  });

  it('compiles a policy object once', () => {
    const p = policyOf([block(0, { level: 3 })]);
    expect(compilePolicy(p)).toBe(compilePolicy(p));
  });
});

describe('§2.3 literal requirements of an OS_Regex (what the group index relies on)', () => {
  it.each<[string, string[] | undefined]>([
    ['sshd,', ['sshd,']],
    ['SSHD|Web', ['sshd', 'web']],
    ['^syslog,$', ['syslog,']],
    ['pci_dss_10\\.2\\.4', ['pci_dss_10']],
    ['\\w+shell', ['shell']],
    ['\\w+', undefined],
    ['a(bc)d', ['bc']],
    ['|x', ['x']],
  ])('%j requires %j', (pattern, literals) => {
    expect(OsRegex.of(pattern).requiredLiterals()).toEqual(literals);
  });

  const arbSubject = fc.oneof(
    fc.string({ maxLength: 20, unit: fc.constantFrom('a', 'b', 's', 'h', 'A', ',', '1', ' ', '.') }),
    fc.subarray(GROUP_TOKENS).map((g) => g.map((t) => `${t},`).join('')),
  );

  it('every match of a pattern contains one of its literals (property)', () => {
    fc.assert(
      fc.property(arbPattern, arbSubject, (pattern, subject) => {
        const compiled = OsRegex.compile(pattern);
        if (!compiled.ok) return;
        const regex = compiled.regex;
        const literals = regex.requiredLiterals();
        if (literals === undefined || !regex.test(subject)) return;
        expect(literals.some((l) => subject.toLowerCase().includes(l))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('LiteralIndex (Aho–Corasick)', () => {
  it('finds every literal contained in a subject, case-insensitively', () => {
    const index = new LiteralIndex<string>();
    for (const w of ['he', 'she', 'his', 'hers', 'SSHD,']) index.add(w, w);
    index.seal();
    const found = new Set<string>();
    index.search('ushers,sshd,', (v) => found.add(v));
    expect([...found].sort()).toEqual(['SSHD,', 'he', 'hers', 'she']);
  });

  it('agrees with String.includes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', 'c', ',') }), { maxLength: 8 }), fc.string({ maxLength: 20, unit: fc.constantFrom('a', 'b', 'c', ',') }), (words, subject) => {
        const index = new LiteralIndex<string>();
        words.forEach((w) => index.add(w, w));
        index.seal();
        const found = new Set<string>();
        index.search(subject, (v) => found.add(v));
        expect([...found].sort()).toEqual([...new Set(words.filter((w) => subject.includes(w)))].sort());
      }),
    );
  });
});
