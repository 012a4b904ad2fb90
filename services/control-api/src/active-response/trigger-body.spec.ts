import { parseAgentsList, parseTriggerBody } from './trigger-body';

describe('parseTriggerBody', () => {
  it('accepts command, arguments and alert', () => {
    expect(parseTriggerBody({ command: 'firewall-drop600', arguments: ['-x'], alert: { data: { srcip: '1.2.3.4' } } })).toEqual({
      ok: true,
      value: { command: 'firewall-drop600', arguments: ['-x'], alert: { data: { srcip: '1.2.3.4' } } },
    });
  });
  it.each([
    [undefined, 'command: is required'],
    [{ comMmand: 'restart-wazuh0' }, 'command: is required'],
    [{ command: 7 }, 'command: must be a string'],
    [{ command: 'x0', arguments: 'a b' }, 'arguments: must be an array of strings'],
    [{ command: 'x0', arguments: [1] }, 'arguments.0'],
    [{ command: 'x0', alert: [] }, 'alert: must be an object'],
    [{ command: '!../../bin/sh' }, "command: Active response command '!../../bin/sh' vulnerable to directory traversal attack"],
    [{ command: '!' }, 'command: custom script name missing'],
  ])('refuses %j', (body, issue) => {
    const r = parseTriggerBody(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.join('; ')).toContain(issue);
  });
  it('lets an empty command through: Wazuh fails it per agent with 1650', () => {
    expect(parseTriggerBody({ command: '' }).ok).toBe(true);
  });
});

describe('parseAgentsList', () => {
  it.each([undefined, '', '*', 'all'])('%j means every agent', (raw) => {
    expect(parseAgentsList(raw)).toEqual({ ok: true, value: undefined });
  });
  it('splits, trims and deduplicates', () => {
    expect(parseAgentsList('001, 002,001')).toEqual({ ok: true, value: ['001', '002'] });
  });
  it('refuses what is not an agent id', () => {
    expect(parseAgentsList('001,../x')).toEqual({ ok: false, issues: ["agents_list: '../x' is not an agent id such as 001"] });
    expect(parseAgentsList(['001', '002']).ok).toBe(false);
  });
});
