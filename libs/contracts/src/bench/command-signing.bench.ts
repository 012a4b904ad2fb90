/**
 * Micro-benchmark (a script, not a test): the cost per command of signing (issuer) and verifying (executor) an
 * add with a ~1 KB alert body, median over N commands, target ≤ 50 µs each. Also prints the parts (canonical
 * encoding, bare Ed25519) and the alternatives inside node:crypto (a key parsed per call, streaming API).
 *
 *   npm run bench:signing
 *   (or: node -r ./tools/ts-register.js libs/contracts/src/bench/command-signing.bench.ts)
 */
import { createHmac, createPublicKey, createSign, createVerify, generateKeyPairSync, hkdfSync, sign, timingSafeEqual, verify } from 'node:crypto';
import { toHeaders, type Headers } from '../envelope';
import { EXEC_HEADER, resolutionHeader, TYPE_ADD } from '../exec-command.v1';
import { commandSigningBytes, signCommandOutgoing, verifyCommand, type CommandFields, type CommandMessage } from '../signing/command-signature';
import { keyIdOf } from '../signing/signing-keys';
import { topicsFor } from '../topics';

const N = Number(process.env.BENCH_N ?? 20_000);
const WARMUP = 2_000;
const NOW = 1_765_000_000_000;
const topics = topicsFor('bench');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOf(publicKey);
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A realistic add: the Wazuh AR JSON with a full sshd alert (~1 KB), envelope, resolution and actor headers. */
function command(i: number): CommandMessage {
  const alert = {
    timestamp: '2026-12-07T09:00:00.000+0000',
    rule: { level: 10, description: 'sshd: brute force trying to get access to the system. Non existent user.', id: '5712', mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] }, frequency: 8, firedtimes: i % 50, mail: false, groups: ['syslog', 'sshd', 'authentication_failures'], pci_dss: ['11.4', '10.2.4', '10.2.5'], gdpr: ['IV_35.7.d', 'IV_32.2'], nist_800_53: ['SI.4', 'AU.14', 'AC.7'] },
    agent: { id: '001', name: 'web-1', ip: '10.0.0.5' },
    manager: { name: 'wazuh-manager' },
    id: `1765000000.${1000 + i}`,
    full_log: `Dec  7 09:00:00 web-1 sshd[${10000 + (i % 50000)}]: Invalid user admin from 203.0.113.${i % 254} port ${40000 + (i % 20000)}`,
    decoder: { parent: 'sshd', name: 'sshd' },
    data: { srcip: `203.0.113.${i % 254}`, srcport: String(40000 + (i % 20000)), srcuser: 'admin' },
    location: '/var/log/auth.log',
  };
  const value = Buffer.from(JSON.stringify({ version: 1, origin: { name: 'wazuh-manager', module: 'wazuh-analysisd' }, command: 'firewall-drop600', parameters: { extra_args: [], alert } }));
  const headers: Headers = {
    ...toHeaders({ messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, issuedAt: NOW + i, expiresAt: NOW + i + 300_000, traceId: `trace-${i}`, type: TYPE_ADD }),
    ...resolutionHeader({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600, expect: ['srcip'] }),
    [EXEC_HEADER.actor]: 'matcher',
  };
  return { topic: topics.exec('001'), headers, value };
}

/** Times `run` once per item; returns the per-call durations in µs. */
function timeEach<T>(items: readonly T[], run: (item: T, i: number) => unknown): Float64Array {
  for (let i = 0; i < Math.min(WARMUP, items.length); i++) run(items[i], i);
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const start = process.hrtime.bigint();
    run(items[i], i);
    out[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return out;
}

function report(label: string, us: Float64Array): number {
  const sorted = Float64Array.from(us).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(`${label.padEnd(44)} median ${f(at(0.5))} µs   p90 ${f(at(0.9))}   p99 ${f(at(0.99))}   mean ${f(mean)}\n`);
  return at(0.5);
}

function fieldsOf(m: CommandMessage, i: number): CommandFields {
  return { agentId: '001', topic: m.topic, type: TYPE_ADD, messageId: m.headers['riposte-message-id'], issuedAt: NOW + i, expiresAt: NOW + i + 300_000, traceId: `trace-${i}`, body: m.value as Buffer, resolution: m.headers[EXEC_HEADER.resolution], actor: 'matcher' };
}

const commands = Array.from({ length: N }, (_, i) => command(i));
const bodyBytes = (commands[0].value as Buffer).length;
process.stdout.write(`command signing, Ed25519 (node ${process.version}), N=${N} commands, body ${bodyBytes} bytes, headers ${Object.keys(commands[0].headers).length}\n\n`);

const signedHeaders: Headers[] = new Array(N);
const signMedian = report('sign   (signCommandOutgoing, whole command)', timeEach(commands, (m, i) => (signedHeaders[i] = signCommandOutgoing(m, '001', privateKey, keyId))));
const received = commands.map((m, i) => ({ ...m, headers: signedHeaders[i] }));
const trustedKeys = new Map([[keyId, publicKey]]);
let accepted = 0;
const verifyMedian = report(
  'verify (verifyCommand, whole command)',
  timeEach(received, (m) => {
    if (verifyCommand(m, { agentId: '001', trustedKeys, now: NOW + N, skewMs: 5_000, seen: () => false }).ok) accepted++;
  }),
);
if (accepted !== N + Math.min(WARMUP, N)) throw new Error(`only ${accepted} of ${N} commands verified`);

process.stdout.write('\nparts and alternatives\n');
const payloads = commands.map((m, i) => commandSigningBytes(fieldsOf(m, i), keyId));
report('canonical encoding alone', timeEach(commands, (m, i) => commandSigningBytes(fieldsOf(m, i), keyId)));
const signatures = payloads.map((p) => sign(null, p, privateKey));
report('crypto.sign one-shot, KeyObject reused', timeEach(payloads, (p) => sign(null, p, privateKey)));
report('crypto.verify one-shot, KeyObject reused', timeEach(payloads, (p, i) => verify(null, p, publicKey, signatures[i])));
report('crypto.verify one-shot, PEM parsed per call', timeEach(payloads, (p, i) => verify(null, p, publicPem, signatures[i])));
report('createPublicKey(PEM) per call, then verify', timeEach(payloads, (p, i) => verify(null, p, createPublicKey(publicPem), signatures[i])));
try {
  report('createVerify (streaming)', timeEach(payloads, (p, i) => createVerify('sha512').update(p).verify(publicKey, signatures[i])));
} catch (e) {
  process.stdout.write(`createVerify / createSign (streaming)             not available for Ed25519: ${(e as Error).message}\n`);
  try {
    createSign('sha512').update(payloads[0]).sign(privateKey);
  } catch {
    // same refusal for signing: Ed25519 is one-shot only in node:crypto
  }
}

process.stdout.write('\nother algorithms in node:crypto, same canonical bytes\n');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p256Signatures = payloads.map((p) => sign('sha256', p, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' }));
report('ECDSA P-256 sign', timeEach(payloads, (p) => sign('sha256', p, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' })));
report('ECDSA P-256 verify', timeEach(payloads, (p, i) => verify('sha256', p, { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, p256Signatures[i])));
// Symmetric, for comparison only: a per-agent key derived from a master secret every issuer would have to hold.
const agentKey = Buffer.from(hkdfSync('sha256', Buffer.alloc(32, 7), Buffer.alloc(0), 'riposte agent 001', 32));
const macs = payloads.map((p) => createHmac('sha256', agentKey).update(p).digest());
report('HMAC-SHA256 (per-agent key) compute', timeEach(payloads, (p) => createHmac('sha256', agentKey).update(p).digest()));
report('HMAC-SHA256 (per-agent key) check', timeEach(payloads, (p, i) => timingSafeEqual(createHmac('sha256', agentKey).update(p).digest(), macs[i])));

const target = 50;
process.stdout.write(`\ntarget ≤ ${target} µs: sign ${signMedian <= target ? 'met' : 'MISSED'} (${signMedian.toFixed(1)} µs), verify ${verifyMedian <= target ? 'met' : 'MISSED'} (${verifyMedian.toFixed(1)} µs)\n`);
