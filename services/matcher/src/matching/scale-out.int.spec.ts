import { AssignerProtocol } from 'kafkajs';
import type { AuditEvent } from '@riposte/contracts';
import { anAlert, TopicRecorder, waitFor } from '@riposte/testing';
import { MatcherWorld } from '../testing/matcher.harness';
import { smallConf } from '../testing/ossec-confs';

/** More instances = more throughput: one consumer group shares the alert partitions, each alert is handled once. */
describe('two matcher instances in one group', () => {
  // Twenty-four agents spread the alerts over every partition (keyed by agent id); each is enrolled.
  const agentIds = Array.from({ length: 24 }, (_, i) => String(100 + i).padStart(3, '0'));
  const world = new MatcherWorld(smallConf(), agentIds);
  let rec: TopicRecorder;

  beforeAll(async () => {
    await world.connect();
    await Promise.all([world.start(), world.start()]);
    rec = await new TopicRecorder(world.kafka, [world.topics.audit]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await world.close();
  });

  /** Partitions of the alerts topic assigned to each member of the matcher group, once the group is stable. */
  async function assignments(): Promise<number[][]> {
    const admin = world.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([`${world.namespace}.matcher`]);
      const [group] = groups;
      if (group.state !== 'Stable') return [];
      return group.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[world.topics.alerts] ?? []);
    } finally {
      await admin.disconnect();
    }
  }

  it('share the partitions and dispatch every alert exactly once', async () => {
    const shares = await waitFor(async () => {
      const a = await assignments();
      return a.length === 2 && a.every((p) => p.length > 0) ? a : undefined;
    }, { timeoutMs: 25000, message: 'both members hold alert partitions' });
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3]);

    const alerts = agentIds.map((agentId) => anAlert({ agentId }));
    await world.publishAlerts(alerts);
    const ids = new Set(alerts.map((a) => a.id));
    const dispatched = () => rec.json<AuditEvent>(world.topics.audit).filter((e) => e.type === 'alert.dispatched' && ids.has(e.alertId!));
    await waitFor(() => dispatched().length >= alerts.length, { timeoutMs: 30000, message: 'every alert dispatched' });

    const perAlert = new Map<string, number>();
    for (const e of dispatched()) perAlert.set(e.alertId!, (perAlert.get(e.alertId!) ?? 0) + 1);
    expect([...perAlert.values()].every((n) => n === 1)).toBe(true);
    expect(perAlert.size).toBe(alerts.length);
    // The same two members with the same partitions: no rebalance (which could redeliver) happened meanwhile.
    expect(await assignments()).toEqual(shares);
  });
});
