import { type Alert, AlertV1 } from '@riposte/contracts';
import { compilePolicy } from './compile-policy';
import { decide } from './decide';
import { expectFields } from './policy';
import { parseOssecConf } from './parse-ossec-conf';
import type { Policy } from './policy';

function policyOf(...sections: string[]): Policy {
  const r = parseOssecConf(`<ossec_config>\n${sections.join('\n')}\n</ossec_config>`, 'test.conf');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

function anAlert(o: { id?: string; level?: number; groups?: string[]; agent?: string; srcip?: string; dstuser?: string } = {}): Alert {
  const data: Record<string, string> = {};
  if (o.srcip !== undefined) data.srcip = o.srcip;
  if (o.dstuser !== undefined) data.dstuser = o.dstuser;
  return AlertV1.parse({
    id: '1652272159.1549653',
    rule: { id: o.id ?? '5712', level: o.level ?? 10, groups: o.groups ?? ['syslog', 'sshd', 'authentication_failures'] },
    agent: { id: o.agent ?? '001', name: 'web01' },
    data,
  });
}

const COMMANDS = [
  '<command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>',
  '<command><name>slack</name><executable>wazuh-slack</executable><extra_args>https://hooks.example/x  y</extra_args><expect>srcip</expect></command>',
];
const GLOBAL = '<global><white_list>10.0.0.0/8</white_list><white_list>^trusted$</white_list></global>';

describe('§1.2/§2 decide: what is dispatched for one alert', () => {
  const policy = policyOf(
    GLOBAL,
    ...COMMANDS,
    '<active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout><repeated_offenders>30,60</repeated_offenders></active-response>',
    '<active-response><command>slack</command><location>server</location><level>12</level></active-response>',
    '<active-response><command>firewall-drop</command><location>all</location><rules_group>web,</rules_group><timeout>60</timeout></active-response>',
  );

  it('dispatches a bound local response to the alert agent, with every field the executor needs', () => {
    const alert = anAlert({ srcip: '203.0.113.9' });
    const d = decide(alert, policy, ['001', '002']);
    expect(d.dispatches).toEqual([
      {
        agent: '001',
        name: 'firewall-drop600',
        command: 'firewall-drop',
        executable: 'firewall-drop',
        location: 'local',
        timeout: 600,
        extraArgs: [],
        expect: undefined,
        timeoutAllowed: true,
        repeatedOffenders: '30,60',
        responseIndex: 0,
        message: {
          version: 1,
          origin: { name: 'undefined', module: 'wazuh-analysisd' },
          command: 'firewall-drop600',
          parameters: { extra_args: [], alert },
        },
      },
    ]);
    expect(d.dispatches[0].message.parameters.alert).toBe(alert);
    expect(d.suppressions).toEqual([]);
    expect(d).toMatchObject({ ruleId: '5712', level: 10, agentId: '001', groupString: 'syslog,sshd,authentication_failures,' });
  });

  it('splits extra_args on spaces and passes expect through (deviation f)', () => {
    const d = decide(anAlert({ id: '1', level: 12 }), policy, []);
    expect(d.dispatches).toHaveLength(1);
    expect(d.dispatches[0]).toMatchObject({
      agent: '000',
      name: 'slack0',
      location: 'server',
      extraArgs: ['https://hooks.example/x', 'y'],
      expect: 'srcip',
      timeoutAllowed: false,
    });
    expect(expectFields(d.dispatches[0].expect!)).toEqual(['srcip']);
    expect(d.dispatches[0].message.parameters.extra_args).toEqual(['https://hooks.example/x', 'y']);
  });

  it('dispatches `all` to the manager and every active agent (deviation e), one message each', () => {
    const d = decide(anAlert({ id: '31168', level: 6, groups: ['web', 'accesslog', 'attack'] }), policy, ['002', '001']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location])).toEqual([
      ['000', 'firewall-drop60', 'all'],
      ['001', 'firewall-drop60', 'all'],
      ['002', 'firewall-drop60', 'all'],
    ]);
  });

  it('uses the cluster node name in origin.name', () => {
    const p = policyOf('<cluster><node_name>node01</node_name></cluster>', ...COMMANDS, '<active-response><command>firewall-drop</command><location>local</location><level>1</level></active-response>');
    expect(decide(anAlert(), p, []).dispatches[0].message.origin).toEqual({ name: 'node01', module: 'wazuh-analysisd' });
  });

  it('fires nothing for a level-0 alert', () => {
    expect(decide(anAlert({ level: 0 }), policy, ['001']).dispatches).toEqual([]);
  });

  describe('suppressions (§1.4, §2.4): every bound response of the alert, each with its reason', () => {
    const both = anAlert({ level: 12 });
    it.each<[string, { srcip?: string; dstuser?: string }, string, string]>([
      ['a white-listed srcip (CIDR)', { srcip: '10.9.8.7' }, 'whitelisted', "srcip '10.9.8.7' is white-listed (white_list entry '10.0.0.0/8')"],
      ['a white-listed srcip (::ffff: stripped)', { srcip: '::ffff:10.9.8.7' }, 'whitelisted', "srcip '10.9.8.7' is white-listed (white_list entry '10.0.0.0/8')"],
      ['a white-listed name pattern', { srcip: 'trusted' }, 'whitelisted', "srcip 'trusted' is white-listed (white_list entry '^trusted$')"],
      ['an srcip failing the 1271 check', { srcip: '1.2.3.4;x' }, 'invalid-srcip', "(1271): Invalid IP Address '1.2.3.4;x'. Possible logging attack."],
      ['a dstuser failing the 1272 check', { dstuser: 'machine$' }, 'invalid-dstuser', "(1272): Invalid username 'machine$'. Possible logging attack."],
      ['1272 is checked before 1271', { dstuser: 'a b', srcip: '1.2.3.4;x' }, 'invalid-dstuser', "(1272): Invalid username 'a b'. Possible logging attack."],
    ])('%s', (_what, data, reason, detail) => {
      const d = decide({ ...both, data } as Alert, policy, ['001']);
      expect(d.dispatches).toEqual([]);
      expect(d.suppressions).toEqual([
        { name: 'firewall-drop600', command: 'firewall-drop', responseIndex: 0, reason, detail },
        { name: 'slack0', command: 'slack', responseIndex: 1, reason, detail },
      ]);
      expect(d.explanations.map((e) => [e.name, e.outcome, e.suppressedBy])).toEqual([
        ['firewall-drop600', 'suppressed', reason],
        ['slack0', 'suppressed', reason],
      ]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['data.win.eventdata.ipAddress', { srcip: '203.0.113.9', win: { eventdata: { ipAddress: '10.1.2.3' } } }, "data.win.eventdata.ipAddress '10.1.2.3' is white-listed (white_list entry '10.0.0.0/8')"],
      ['data.win.eventdata.destinationIp (::ffff: stripped)', { win: { eventdata: { destinationIp: '::ffff:10.1.2.3' } } }, "data.win.eventdata.destinationIp '10.1.2.3' is white-listed (white_list entry '10.0.0.0/8')"],
      ['data.win.eventdata.destinationIp behind an ipAddress outside the list', { win: { eventdata: { ipAddress: '203.0.113.9', destinationIp: '10.1.2.3' } } }, "data.win.eventdata.destinationIp '10.1.2.3' is white-listed (white_list entry '10.0.0.0/8')"],
      ['data.srcip behind a win.eventdata address outside the list', { srcip: '10.9.8.7', win: { eventdata: { ipAddress: '203.0.113.9' } } }, "srcip '10.9.8.7' is white-listed (white_list entry '10.0.0.0/8')"],
    ])('suppresses when any address a built-in may read is white-listed: %s (input hardening)', (_where, data, detail) => {
      const d = decide({ ...both, data } as Alert, policy, ['001']);
      expect(d.dispatches).toEqual([]);
      expect(d.suppressions.map((s) => [s.name, s.reason, s.detail])).toEqual([
        ['firewall-drop600', 'whitelisted', detail],
        ['slack0', 'whitelisted', detail],
      ]);
    });

    it('dispatches when none of the addresses is white-listed (numbers are not addresses)', () => {
      const data = { srcip: '203.0.113.9', win: { eventdata: { ipAddress: '198.51.100.1', destinationIp: 167837953 } } };
      const d = decide({ ...both, data } as Alert, policy, ['001']);
      expect(d.suppressions).toEqual([]);
      expect(d.dispatches.map((x) => x.name)).toEqual(['firewall-drop600', 'slack0']);
    });

    it('does not suppress without srcip, or with a valid one outside the list', () => {
      expect(decide(anAlert(), policy, []).suppressions).toEqual([]);
      expect(decide(anAlert({ srcip: '11.0.0.1', dstuser: 'root' }), policy, []).suppressions).toEqual([]);
    });
  });

  describe('explanations', () => {
    it('explain only the bound responses by default', () => {
      const d = decide(anAlert(), policy, []);
      expect(d.explanations.map((e) => [e.name, e.outcome, e.rule, e.location, e.agents])).toEqual([
        ['firewall-drop600', 'dispatched', 'rules_id', 'local', ['001']],
      ]);
      expect(d.explanations[0]).toMatchObject({ responseIndex: 0, line: 5, bound: true, summary: expect.stringContaining('rule 5712 in rules_id [5712]') });
    });

    it('explain every response with explainAll', () => {
      const d = decide(anAlert(), policy, [], { explainAll: true });
      expect(d.explanations.map((e) => [e.name, e.outcome])).toEqual([
        ['firewall-drop600', 'dispatched'],
        ['slack0', 'not-bound'],
        ['firewall-drop60', 'not-bound'],
      ]);
      expect(d.explanations[1].summary).toBe('not bound by level: level 10 < 12');
      expect(d.explanations[2].summary).toBe(
        "not bound by group: rules_group 'web,' does not match the group string",
      );
    });
  });

  it('gives the same decision from a plain and from a compiled policy', () => {
    const alert = anAlert({ srcip: '8.8.8.8' });
    expect(decide(alert, compilePolicy(policy), ['001'])).toEqual(decide(alert, policy, ['001']));
  });
});
