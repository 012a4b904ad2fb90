/**
 * Micro-benchmark (a script, not a test): binding alerts to 1,000 response blocks with the compiled indexes
 * versus a scan of every block, on the same alerts. Prints alerts/s for both and the ratio.
 *
 *   node -r ./tools/ts-register.js libs/policy/src/bench/policy-match.bench.ts
 *   (or, after `npm run build`: node dist/libs/policy/src/bench/policy-match.bench.js)
 */
import type { Alert } from '@riposte/contracts';
import { alertFacts } from '../alert-facts';
import { boundResponses, boundResponsesByScan, compilePolicy } from '../compile-policy';
import { decide } from '../decide';
import { parseOssecConf } from '../parse-ossec-conf';

const BLOCKS = 1000;
const ALERTS = 20000;
const GROUP_VOCABULARY = 300;

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const groups = Array.from({ length: GROUP_VOCABULARY }, (_, i) => `group${i}`);

function configXml(): string {
  const blocks: string[] = [];
  for (let i = 0; i < BLOCKS; i++) {
    const kind = random();
    let options: string;
    if (kind < 0.4) options = `<rules_id>${int(1, 100000)},${int(1, 100000)}</rules_id>`;
    else if (kind < 0.7) options = `<rules_group>${pick(groups)},</rules_group>`;
    else if (kind < 0.95) options = `<level>${int(5, 15)}</level><rules_group>${pick(groups)},|${pick(groups)},</rules_group>`;
    else options = `<level>${int(12, 20)}</level>`;
    blocks.push(`<active-response><command>firewall-drop</command><location>local</location>${options}<timeout>600</timeout></active-response>`);
  }
  return `<ossec_config><command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>${blocks.join('')}</ossec_config>`;
}

function alerts(): Alert[] {
  return Array.from({ length: ALERTS }, () => ({
    rule: {
      id: String(int(1, 100000)),
      level: int(3, 12),
      groups: Array.from({ length: int(2, 5) }, () => pick(groups)),
      pci_dss: ['10.2.4'],
    },
    agent: { id: '001' },
    data: { srcip: `203.0.113.${int(1, 254)}` },
  }));
}

function measure(label: string, run: () => number): number {
  run(); // warm up
  const start = performance.now();
  const rounds = 3;
  let bound = 0;
  for (let r = 0; r < rounds; r++) bound += run();
  const seconds = (performance.now() - start) / 1000;
  const rate = (rounds * ALERTS) / seconds;
  const perAlert = (bound / rounds / ALERTS).toFixed(1);
  process.stdout.write(`${label.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} alerts/s  (${perAlert} per alert)\n`);
  return rate;
}

const parsed = parseOssecConf(configXml(), 'bench.conf');
if (!parsed.ok) throw new Error('bench configuration does not parse');
const compiled = compilePolicy(parsed.policy);
const sample = alerts();
const facts = sample.map(alertFacts);

for (const f of facts.slice(0, 500)) {
  const a = boundResponses(compiled, f).map((b) => b.block.index).join();
  const b = boundResponsesByScan(compiled, f).map((x) => x.block.index).join();
  if (a !== b) throw new Error('indexed and naive results differ');
}

process.stdout.write(`${BLOCKS} response blocks, ${ALERTS} alerts, Node ${process.version}\n`);
const indexed = measure('binding, indexed (compiled)', () => facts.reduce((n, f) => n + boundResponses(compiled, f).length, 0));
const naive = measure('binding, naive scan of every block', () => facts.reduce((n, f) => n + boundResponsesByScan(compiled, f).length, 0));
measure('decide() end to end, indexed', () => sample.reduce((n, a) => n + decide(a, compiled, ['001']).dispatches.length, 0));
process.stdout.write(`ratio indexed / naive: ${(indexed / naive).toFixed(1)}x\n`);
