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
  it.each<[string, Record<string, unknown>, string]>([
    ['an option as srcip', { alert: { data: { srcip: '-j ACCEPT' } } }, "alert.data.srcip: '-j ACCEPT' is not a numeric IP address"],
    ['shorthand IPv4 in win.eventdata.destinationIp', { alert: { data: { win: { eventdata: { destinationIp: '127.1' } } } } }, "alert.data.win.eventdata.destinationIp: '127.1' is not a numeric IP address"],
    ['an option as dstuser', { alert: { data: { dstuser: '-l' } } }, "alert.data.dstuser: '-l' is not a valid username (is_valid_username)"],
    ['a CR in the syscheck path', { alert: { syscheck: { path: '/etc/x\r' } } }, 'alert.syscheck.path: control character \\r'],
    ['a newline in location', { alert: { location: 'a\nb' } }, 'alert.location: control character \\n'],
    ['DEL in an argument', { arguments: ['ok', 'x\x7f'] }, 'arguments.1: control character \\x7f'],
  ])('refuses an alert or arguments no script may receive (input hardening): %s', (_what, body, issue) => {
    const r = parseTriggerBody({ command: 'firewall-drop600', ...body });
    expect(r).toEqual({ ok: false, issues: [issue] });
  });
  it('accepts a real alert: a multi-line full_log travels as JSON only', () => {
    const alert = { id: '1.2', rule: { id: '5712', level: 10 }, location: '/var/log/secure', full_log: 'a\nb', data: { srcip: '1.2.3.4', dstuser: 'bob' } };
    expect(parseTriggerBody({ command: 'firewall-drop600', arguments: ['-x'], alert }).ok).toBe(true);
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
