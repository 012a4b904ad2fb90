import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { BusAdmin } from '@riposte/bus';
import { HEADER, topicsFor, type Schedule } from '@riposte/contracts';
import { RedisAgentKeyStore, RedisAgentRegistry, RedisTimerStore, StoreKeys } from '@riposte/store';
import { deleteKeys, freePort, kafkaBrokers, redisUrl, requireKafka, requireRedis, ServiceProcess, testAgentKey, testIssuer, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { active } from './active.command';
import { agents } from './agents.command';
import { EXIT, type CommandContext, type ControlCommand } from './control-api.client';
import { run } from './run.command';
import { tailAudit } from './tail-audit.command';
import { unblock } from './unblock.command';

const OSSEC_CONF = `<ossec_config>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>
</ossec_config>`;
const TOKENS = { admin: 'cli-admin-token-0123456789', read: 'cli-read-token-0123456789' };


/**
 * The `riposte` control-plane commands against a real control API process (its sources, through
 * tools/ts-register.js) on the real broker and Redis.
 */
describe('riposte agents | agents enroll | agents revoke | active | unblock | run | tail audit', () => {
  const namespace = uniqueName('cli');
  const prefix = uniqueName('cli');
  const topics = topicsFor(namespace);
  const keys = new StoreKeys(prefix);
  let api: ServiceProcess;
  let url: string;
  let kafka: Kafka;
  let redis: Redis;
  let timers: RedisTimerStore;
  let rec: TopicRecorder;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
    timers = new RedisTimerStore(redis, keys);
    const registry = new RedisAgentRegistry(redis, keys);
    const now = Date.now();
    for (const id of ['001', '002']) await registry.record({ agentId: id, name: `host-${id}`, os: 'linux', version: 'riposte 0.1.0', status: 'online', arDisabled: false, at: now, ttlMs: 600_000 });
    await new BusAdmin(kafka).ensureTopics([topics.audit, topics.exec('001'), topics.exec('002')].map((topic) => ({ topic })));
    rec = await new TopicRecorder(kafka, [topics.exec('001'), topics.exec('002')]).start();
    const dir = mkdtempSync(path.join(tmpdir(), 'riposte-cli-'));
    writeFileSync(path.join(dir, 'ossec.conf'), OSSEC_CONF);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new ServiceProcess('control-api', 'control-api', {
      KAFKA_BROKERS: kafkaBrokers(),
      REDIS_URL: redisUrl(),
      RIPOSTE_TOPIC_NAMESPACE: namespace,
      RIPOSTE_REDIS_PREFIX: prefix,
      CONTROL_API_PORT: String(port),
      CONTROL_API_OSSEC_CONF: path.join(dir, 'ossec.conf'),
      CONTROL_API_TOKENS: JSON.stringify({ tokens: [{ name: 'alice', token: TOKENS.admin, role: 'admin' }, { name: 'carol', token: TOKENS.read, role: 'read' }] }),
      ...testIssuer(dir).issuerEnv,
    }).start();
    await api.waitForOutput('service started: control-api', 60_000);
    env = { RIPOSTE_API: url, RIPOSTE_TOKEN: TOKENS.admin, KAFKA_BROKERS: kafkaBrokers(), RIPOSTE_TOPIC_NAMESPACE: namespace };
  }, 90_000);

  afterAll(async () => {
    await rec?.stop();
    await api?.stop();
    if (redis) {
      await deleteKeys(redis, `${prefix}:`);
      await redis.quit();
    }
  });

  /** Runs a command as `riposte <name> …argv` would, capturing its output. */
  async function riposte(command: ControlCommand, argv: string[], o: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CommandContext = { env: { ...env, ...o.env }, out: (l) => out.push(l), err: (l) => err.push(l), signal: o.signal };
    const code = await command.run(argv, ctx);
    return { code, out, err, text: out.join('\n') };
  }

  describe('riposte agents', () => {
    it('prints the registry as a table, or the API JSON with --json', async () => {
      const human = await riposte(agents, []);
      expect(human.code).toBe(EXIT.ok);
      expect(human.out[0]).toMatch(/^ID\s+NAME\s+OS\s+VERSION\s+LAST SEEN\s+ACTIVE\s+AR\s+KEY$/);
      expect(human.out.slice(1).map((l) => l.split(/\s{2,}/).filter(Boolean))).toEqual([
        ['001', 'host-001', 'linux', 'riposte 0.1.0', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'yes', 'enabled', 'not enrolled'],
        ['002', 'host-002', 'linux', 'riposte 0.1.0', expect.any(String), 'yes', 'enabled', 'not enrolled'],
      ]);
      const json = await riposte(agents, ['--json']);
      expect(JSON.parse(json.text).data.total_affected_items).toBe(2);
    });
  });

  describe('riposte agents enroll and revoke', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'riposte-cli-agent-'));
    const first = testAgentKey('002', dir);
    const second = testAgentKey('002', mkdtempSync(path.join(tmpdir(), 'riposte-cli-agent-')));
    const enrolled = () => new RedisAgentKeyStore(redis, keys);

    it('enrols the .pub file the executor wrote: the key is in Redis and in the list', async () => {
      const r = await riposte(agents, ['enroll', '002', '--key', first.publicKeyFile]);
      expect(r).toMatchObject({ code: EXIT.ok, out: [`Enrolled agent 002 with key ${first.keyId}.`] });
      expect(await enrolled().get('002')).toMatchObject({ agentId: '002', keyId: first.keyId, publicKeyPem: first.publicKeyPem, enrolledBy: 'alice' });
      const list = await riposte(agents, ['list']);
      expect(list.out.slice(1).map((l) => l.split(/\s{2,}/).at(-1))).toEqual(['not enrolled', first.keyId]);
    });

    it('replaces the key on a second enrolment (rotation), and --json prints the API answer', async () => {
      const r = await riposte(agents, ['enroll', '002', '--key', second.publicKeyFile, '--json']);
      expect(r.code).toBe(EXIT.ok);
      expect(JSON.parse(r.text)).toEqual({ agentId: '002', keyId: second.keyId, enrolledAt: expect.any(String), enrolledBy: 'alice', replacedKeyId: first.keyId });
      expect((await enrolled().get('002'))?.keyId).toBe(second.keyId);
    });

    it('refuses the private key file before sending it, and a read token (exit 4)', async () => {
      const priv = await riposte(agents, ['enroll', '003', '--key', first.privateKeyFile]);
      expect(priv.code).toBe(EXIT.failed);
      expect(priv.err[0]).toMatch(/this is a private key, refused/);
      const read = await riposte(agents, ['enroll', '003', '--key', first.publicKeyFile], { env: { RIPOSTE_TOKEN: TOKENS.read } });
      expect(read.code).toBe(EXIT.auth);
      expect(read.err[0]).toMatch(/^riposte agents enroll: 403 /);
      expect(await enrolled().get('003')).toBeNull();
    });

    it('revokes: the key is gone; revoking again is exit 1', async () => {
      const r = await riposte(agents, ['revoke', '002']);
      expect(r).toMatchObject({ code: EXIT.ok, out: [`Revoked key ${second.keyId} of agent 002: it gets no command until a key is enrolled again.`] });
      expect(await enrolled().get('002')).toBeNull();
      const again = await riposte(agents, ['revoke', '002']);
      expect(again.code).toBe(EXIT.failed);
      expect(again.err).toEqual(['riposte agents revoke: 404 agent 002 has no enrolled key']);
    });

    it('leaves one audit line per enrolment and revocation, with the key ids', async () => {
      const r = await riposte(tailAudit, ['audit', '--from-beginning', '--agent', '002', '--max', '3']);
      expect(r.out).toEqual([
        expect.stringMatching(new RegExp(`^\\S+Z 002 agent\\.enrolled - key=${first.keyId} actor=alice$`)),
        expect.stringMatching(new RegExp(`^\\S+Z 002 agent\\.enrolled - key=${second.keyId} replaces=${first.keyId} actor=alice$`)),
        expect.stringMatching(new RegExp(`^\\S+Z 002 agent\\.revoked - key=${second.keyId} actor=alice$`)),
      ]);
    });
  });

  describe('riposte run', () => {
    // Commands go to enrolled agents only: both get a key (straight into Redis, so no audit line is added).
    beforeAll(async () => {
      for (const id of ['001', '002']) await new RedisAgentKeyStore(redis, keys).enrol(id, testAgentKey(id, mkdtempSync(path.join(tmpdir(), 'riposte-cli-agent-'))).publicKeyPem, 'test', Date.now());
    });

    it('runs a response with agent_control flags: the agent topic gets the srcip in the alert', async () => {
      const r = await riposte(run, ['-b', '1.2.3.4', '-f', 'firewall-drop600', '-u', '001']);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toEqual(["Running active response 'firewall-drop600' on: 001", 'AR command was sent to all agents']);
      const [msg] = await rec.waitForCount(1, topics.exec('001'));
      expect(JSON.parse(msg.value!.toString())).toEqual({ version: 1, origin: { name: null, module: 'API' }, command: 'firewall-drop600', parameters: { extra_args: [], alert: { data: { srcip: '1.2.3.4' } } } });
    });

    it('exits 1 and prints Wazuh reasons when some agents were not reached', async () => {
      const r = await riposte(run, ['--agent', '002', '--agent', '099', '-f', 'firewall-drop600']);
      expect(r.code).toBe(EXIT.failed);
      expect(r.out).toEqual(["Running active response 'firewall-drop600' on: 002", 'Not sent to 099: (1701) Agent does not exist', 'AR command was not sent to some agents']);
    });

    it('-L lists the responses like agent_control, without the built-in restart lines', async () => {
      const r = await riposte(run, ['-L']);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toEqual(['', 'Available active responses:', '', '   Response name: firewall-drop600, command: firewall-drop']);
    });

    it.each([
      ['no agent', ['-f', 'firewall-drop600'], {}, EXIT.usage],
      ['an unknown flag', ['-f', 'firewall-drop600', '-a', '--force'], {}, EXIT.usage],
      ['a read token', ['-f', 'firewall-drop600', '-a'], { RIPOSTE_TOKEN: TOKENS.read }, EXIT.auth],
      ['no token', ['-f', 'firewall-drop600', '-a'], { RIPOSTE_TOKEN: '' }, EXIT.auth],
      ['an API that does not answer', ['-f', 'firewall-drop600', '-a', '--api', 'http://127.0.0.1:1'], {}, EXIT.unreachable],
    ])('exits with the right code for %s', async (_what, argv, extraEnv, code) => {
      const r = await riposte(run, argv, { env: extraEnv });
      expect(r.code).toBe(code);
      expect(r.err.join('\n')).toMatch(/^riposte run: /);
    });
  });

  describe('riposte active and riposte unblock', () => {
    const schedule = (agentId: string, srcip: string): Schedule => ({
      type: 'schedule',
      agentId,
      rkey: `firewall-drop-${srcip}`,
      arName: 'firewall-drop600',
      deleteMessage: { version: 1, origin: { name: null, module: 'API' }, command: 'delete', parameters: { extra_args: [], alert: { data: { srcip } }, program: 'active-response/bin/firewall-drop' } },
      keys: [srcip],
      addedAt: Date.now(),
      timeoutSeconds: 600,
      trigger: { actor: 'alice' },
    });

    beforeAll(async () => {
      await timers.schedule(schedule('001', '5.5.5.5'));
      await timers.schedule(schedule('002', '6.6.6.6'));
    });

    it('lists what is blocked where, filtered by agent', async () => {
      const all = await riposte(active, []);
      expect(all.code).toBe(EXIT.ok);
      expect(all.out[0]).toMatch(/^AGENT\s+RESPONSE\s+KEYS\s+EXPIRES\s+REMAINING\s+TRIGGER\s+ID$/);
      expect(all.out).toHaveLength(3);
      const one = await riposte(active, ['--agent', '002']);
      expect(one.out.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([['002', 'firewall-drop600', '6.6.6.6']]);
      expect(one.out[1]).toMatch(/\s(9m5\ds|10m00s)\s+by alice\s/);
    });

    it('unblocks by id: the delete goes out at once and the block is gone; again is exit 1', async () => {
      const listed = JSON.parse((await riposte(active, ['--agent', '001', '--json'])).text).data.affected_items;
      const before = rec.on(topics.exec('001')).length;
      const r = await riposte(unblock, [listed[0].id]);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toEqual(['Lifted firewall-drop600 (firewall-drop-5.5.5.5) on agent 001: delete sent.']);
      const [del] = (await rec.waitForCount(before + 1, topics.exec('001'))).slice(before);
      expect(del.headers[HEADER.type]).toBe('command.delete');
      expect(await timers.get('001', 'firewall-drop-5.5.5.5')).toBeNull();
      const again = await riposte(unblock, [listed[0].id]);
      expect(again.code).toBe(EXIT.failed);
      expect(again.err[0]).toMatch(/^riposte unblock: 404 /);
    });

    it('unblocks by agent and key', async () => {
      const r = await riposte(unblock, ['--agent', '002', '--key', '6.6.6.6', '--json']);
      expect(r.code).toBe(EXIT.ok);
      expect(JSON.parse(r.text).data.affected_items[0].rkey).toBe('firewall-drop-6.6.6.6');
      expect((await riposte(active, [])).out).toEqual(['No active responses.']);
      expect((await riposte(unblock, ['--agent', '002'])).code).toBe(EXIT.usage);
    });
  });

  describe('riposte tail audit', () => {
    it('prints one line per audit event, filtered by agent, and stops after --max', async () => {
      const r = await riposte(tailAudit, ['audit', '--from-beginning', '--agent', '001', '--max', '2']);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 001 manual\.triggered firewall-drop600 actor=alice$/),
        expect.stringMatching(/^\S+Z 001 manual\.unblocked firewall-drop600 rkey=firewall-drop-5\.5\.5\.5 actor=alice$/),
      ]);
    });

    it('follows from the end by default until stopped, as NDJSON with --json', async () => {
      const stop = new AbortController();
      const out: string[] = [];
      const err: string[] = [];
      const running = tailAudit.run(['audit', '--json', '--agent', '002'], { env, out: (l) => out.push(l), err: (l) => err.push(l), signal: stop.signal });
      await waitFor(() => err.some((l) => l.startsWith('riposte tail: following')), { timeoutMs: 20_000 });
      // Events published before the tail started (002's earlier steps) are not shown; new ones are.
      await waitFor(async () => {
        await riposte(run, ['-u', '002', '-f', 'firewall-drop600', '-b', '7.7.7.7']);
        return out.length > 0;
      }, { timeoutMs: 20_000, intervalMs: 1000 });
      stop.abort();
      expect(await running).toBe(EXIT.ok);
      const events = out.map((l) => JSON.parse(l));
      expect(events.every((e) => e.type === 'manual.triggered' && e.agentId === '002')).toBe(true);
    });

    it('refuses anything but `audit`, and a --max that is not a count', async () => {
      expect((await riposte(tailAudit, ['alerts'])).code).toBe(EXIT.usage);
      expect((await riposte(tailAudit, ['audit', '--max', '0'])).code).toBe(EXIT.usage);
    });
  });
});
