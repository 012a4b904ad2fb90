import type { INestApplicationContext } from '@nestjs/common';
import { ExecCommandV1, HEADER, topicsFor, type OutgoingMessage, type Schedule, type Topics } from '@riposte/contracts';
import { BusAdmin, encodeValue, type BusProducer, type IncomingMessage } from '@riposte/bus';
import { connectedProducer, kafkaBrokers, requireKafka, testIssuer, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import {
  addCommand,
  alertFor,
  auditsWhere,
  deleteCommand,
  executorEnv,
  issuer,
  makeHome,
  readState,
  removeHome,
  schedulesFor,
  scriptRuns,
  signed,
  some,
  startExecutor,
  writeScript,
} from '../testing/executor-harness';

const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };

/**
 * Issue 10, "Done when": an attacker with produce rights on `exec.001` (and on `exec.002`) but no trusted key.
 * Each attempt runs no script, schedules nothing, changes no state, and leaves exactly one `command.rejected`
 * audit event with its reason and one dead-letter copy (the reason in its header). Two real executors (001 and
 * 002, in this process, on the real broker) that trust only the test issuer.
 *
 * Before the fix every add here ran its script and every delete lifted its block ("Nothing on the executor checks
 * who issued a command"; "lift any block by writing a delete with no generation").
 */
describe('executor: commands from an attacker with produce rights but no key', () => {
  let producer: BusProducer;
  let rec: TopicRecorder;
  const namespace = uniqueName('attack');
  const topics: Topics = topicsFor(namespace);
  const apps = new Map<string, INestApplicationContext>();
  const homes = { '001': makeHome(), '002': makeHome() };
  /** A key pair the executors do not trust. */
  const mallory = testIssuer(undefined, 'mallory');

  const start = async (agentId: '001' | '002') => {
    apps.set(agentId, await startExecutor(executorEnv({ home: homes[agentId], namespace, agentId, brokers: kafkaBrokers() })));
  };

  beforeAll(async () => {
    const kafka = await requireKafka();
    const own = [topics.exec('001'), topics.exec('002')];
    await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, topics.agents, ...own, ...own.map((t) => topics.dlq(t))].map((topic) => ({ topic })));
    rec = await new TopicRecorder(kafka, [topics.timers, topics.audit, ...own.map((t) => topics.dlq(t))]).start();
    producer = await connectedProducer(kafka);
    for (const home of Object.values(homes)) writeScript(home, 'rec-stateful', 'stateful');
    await Promise.all([start('001'), start('002')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...apps.values()].map((a) => a.close()));
    await rec?.stop();
    await producer?.disconnect();
    Object.values(homes).forEach(removeHome);
  });

  const add = (agentId: string, srcip: string, o: Partial<Parameters<typeof addCommand>[2]> = {}) =>
    addCommand(topics, agentId, { command: 'rec-stateful600', alert: alertFor(srcip, { id: `alert-${srcip}` }), resolution: stateful, ...o });
  const runs = (agentId: '001' | '002', srcip: string) => scriptRuns(homes[agentId], 'rec-stateful').filter((r) => r.lines[0]?.includes(`"srcip":"${srcip}"`));
  const rejections = (messageId: string) => auditsWhere(rec, topics, (e) => e.type === 'command.rejected' && e.detail?.messageId === messageId);
  const deadLetters = (topic: string, messageId: string): IncomingMessage[] => rec.on(topics.dlq(topic)).filter((m) => m.headers[HEADER.messageId] === messageId);
  let sentinels = 0;

  /** A real signed add after the attempt: once it ran, everything the executor did with the attempt is published. */
  async function settle(agentId: '001' | '002'): Promise<void> {
    const srcip = `10.99.${agentId === '001' ? 1 : 2}.${++sentinels}`;
    await producer.send([add(agentId, srcip)]);
    await waitFor(() => some(schedulesFor(rec, topics, `rec-stateful-${srcip}`)), { timeoutMs: 30_000, message: `the sentinel add ${srcip} ran on ${agentId}` });
  }

  /** Sends the attempt and checks what it left: one rejection with `reason`, one dead letter, no run, no timer. */
  async function expectRefused(attempt: OutgoingMessage, o: { agentId: '001' | '002'; srcip: string; reason: string }) {
    const messageId = attempt.headers![HEADER.messageId];
    await producer.send([attempt]);
    await settle(o.agentId);
    expect(rejections(messageId)).toEqual([expect.objectContaining({ service: 'executor', agentId: o.agentId, reason: o.reason, detail: expect.objectContaining({ messageId, topic: attempt.topic }) })]);
    const [dead, ...more] = deadLetters(attempt.topic, messageId);
    expect(more).toEqual([]);
    expect(dead.headers[HEADER.reason]).toMatch(new RegExp(`^${o.reason}: `));
    expect(dead.headers[HEADER.sourceTopic]).toBe(attempt.topic);
    expect(dead.value).toEqual(Buffer.from(encodeValue(attempt.value)));
    expect(runs(o.agentId, o.srcip)).toEqual([]);
    expect(schedulesFor(rec, topics, `rec-stateful-${o.srcip}`)).toEqual([]);
    expect(Object.keys(readState(homes[o.agentId]).active)).not.toContain(`rec-stateful-${o.srcip}`);
  }

  describe('adds', () => {
    it('an unsigned add runs nothing: unsigned', async () => {
      await expectRefused(add('001', '10.9.0.1', { signer: null }), { agentId: '001', srcip: '10.9.0.1', reason: 'unsigned' });
    });

    it('an add signed with a key that is not trusted runs nothing: unknown-key', async () => {
      await expectRefused(add('001', '10.9.0.2', { signer: mallory }), { agentId: '001', srcip: '10.9.0.2', reason: 'unknown-key' });
    });

    it('an untrusted key claiming the trusted key id runs nothing: bad-signature', async () => {
      await expectRefused(add('001', '10.9.0.12', { signer: { privateKey: mallory.privateKey, keyId: issuer.keyId } }), { agentId: '001', srcip: '10.9.0.12', reason: 'bad-signature' });
    });

    it('a real signed add with one byte of the alert changed runs nothing: bad-signature', async () => {
      const real = add('001', '10.9.0.5');
      const bytes = Buffer.from(encodeValue(real.value));
      const at = bytes.indexOf('"srcip":"10.9.0.5"') + '"srcip":"10.9.0.'.length;
      expect(String.fromCharCode(bytes[at])).toBe('5');
      bytes[at] = '6'.charCodeAt(0); // the alert's srcip is now 10.9.0.6
      await expectRefused({ ...real, value: bytes }, { agentId: '001', srcip: '10.9.0.6', reason: 'bad-signature' });
      expect(runs('001', '10.9.0.5')).toEqual([]);
    });

    it('a real signed add for 001 copied onto exec.002 runs nothing on 002: wrong-agent', async () => {
      const real = add('001', '10.9.0.4');
      await expectRefused({ ...real, topic: topics.exec('002'), key: '002' }, { agentId: '002', srcip: '10.9.0.4', reason: 'wrong-agent' });
      expect(runs('001', '10.9.0.4')).toEqual([]);
    });

    it('an expired signed add (past the clock skew) runs nothing: expired', async () => {
      await expectRefused(add('001', '10.9.0.7', { issuedAt: Date.now() - 120_000, ttlMs: 60_000 }), { agentId: '001', srcip: '10.9.0.7', reason: 'expired' });
    });

    describe('a real signed add replayed', () => {
      const srcip = '10.9.0.3';
      const real = add('001', srcip);
      const replay = (): OutgoingMessage => ({ ...real, value: Buffer.from(encodeValue(real.value)) });

      it('runs once; the replay runs nothing: replayed', async () => {
        await producer.send([real]);
        await waitFor(() => some(schedulesFor(rec, topics, `rec-stateful-${srcip}`)), { timeoutMs: 30_000 });
        const messageId = real.headers![HEADER.messageId];
        await producer.send([replay()]);
        await settle('001');
        expect(rejections(messageId)).toEqual([expect.objectContaining({ agentId: '001', reason: 'replayed' })]);
        expect(deadLetters(real.topic, messageId).map((m) => m.headers[HEADER.reason])).toEqual([expect.stringMatching(/^replayed: /)]);
        expect(runs('001', srcip).map((r) => JSON.parse(r.lines[0]).command)).toEqual(['add']);
        expect(schedulesFor(rec, topics, `rec-stateful-${srcip}`)).toHaveLength(1);
      });

      it('is still refused after the executor restarts (the ids are on disk)', async () => {
        await apps.get('001')!.close();
        await start('001');
        const messageId = real.headers![HEADER.messageId];
        await producer.send([replay()]);
        await settle('001');
        expect(rejections(messageId).map((e) => e.reason)).toEqual(['replayed', 'replayed']);
        expect(runs('001', srcip)).toHaveLength(1);
      }, 60_000);

      it('a copy in the same batch as its original runs once too (the pending ids are asked)', async () => {
        const twin = add('001', '10.9.0.13');
        await producer.send([twin, { ...twin, value: Buffer.from(encodeValue(twin.value)) }]);
        await settle('001');
        expect(rejections(twin.headers![HEADER.messageId]).map((e) => e.reason)).toEqual(['replayed']);
        expect(runs('001', '10.9.0.13')).toHaveLength(1);
      });
    });
  });

  describe('forged deletes of a real block', () => {
    const srcip = '10.9.0.8';
    const rkey = `rec-stateful-${srcip}`;
    let schedule: Schedule;

    beforeAll(async () => {
      await producer.send([add('001', srcip)]);
      [schedule] = await waitFor(() => some(schedulesFor(rec, topics, rkey)), { timeoutMs: 30_000 });
    }, 60_000);

    /** The block still stands: the add ran once, no delete ran, the key is active with its generation. */
    const blockStands = () => {
      expect(runs('001', srcip).map((r) => JSON.parse(r.lines[0]).command)).toEqual(['add']);
      expect(readState(homes['001']).active[rkey]?.addedAt).toBe(schedule.addedAt);
    };

    const refused = async (attempt: OutgoingMessage, reason: string) => {
      const messageId = attempt.headers![HEADER.messageId];
      await producer.send([attempt]);
      await settle('001');
      expect(rejections(messageId).map((e) => e.reason)).toEqual([reason]);
      expect(deadLetters(attempt.topic, messageId).map((m) => m.headers[HEADER.reason])).toEqual([expect.stringMatching(new RegExp(`^${reason}: `))]);
      blockStands();
    };

    it.each([
      { what: 'an unsigned delete naming the right generation', o: { signer: null }, reason: 'unsigned' },
      { what: 'an unsigned delete without a generation', o: { signer: null, withGeneration: false }, reason: 'unsigned' },
      { what: 'a delete signed with a key that is not trusted', o: { signer: mallory }, reason: 'unknown-key' },
      { what: 'a trusted-issuer delete without a generation', o: { withGeneration: false }, reason: 'delete-without-generation' },
    ])('$what lifts nothing: $reason', async ({ o, reason }) => {
      await refused(deleteCommand(topics, schedule, o), reason);
    });

    it('a signed delete with its generation changed lifts nothing: bad-signature', async () => {
      const real = deleteCommand(topics, schedule);
      await refused({ ...real, headers: { ...real.headers, [ExecCommandV1.EXEC_HEADER.generation]: String(schedule.addedAt + 1) } }, 'bad-signature');
    });

    it('while the real signed delete still lifts it', async () => {
      await producer.send([signed(deleteCommand(topics, schedule, { signer: null }), '001')]);
      await waitFor(() => runs('001', srcip).length === 2, { timeoutMs: 30_000 });
      expect(JSON.parse(runs('001', srcip)[1].lines[0]).command).toBe('delete');
    });
  });
});
