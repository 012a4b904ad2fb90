import { type Alert, AlertV1 } from '@riposte/contracts';
import { alertAddresses, alertFacts, groupString, isValidAlertIp, isValidAlertUser } from './alert-facts';

describe('§2.3 the group string rebuilt from an alert (rule->group)', () => {
  it('joins rule.groups with a comma after each', () => {
    expect(groupString({ groups: ['syslog', 'sshd', 'authentication_failed'] })).toBe('syslog,sshd,authentication_failed,');
  });

  it('appends the compliance arrays with their prefixes, in the order their keys appear', () => {
    const rule = JSON.parse(
      '{"level":10,"id":"5712","groups":["syslog","sshd"],"gdpr":["IV_35.7.d"],"hipaa":["164.312.b"],' +
        '"nist_800_53":["SI.4"],"pci_dss":["11.4","10.2.4"],"tsc":["CC6.1"],"gpg13":["7.1"],"cis":["1.1"],"mitre":{"id":["T1110"]}}',
    ) as Record<string, unknown>;
    expect(groupString(rule)).toBe(
      'syslog,sshd,gdpr_IV_35.7.d,hipaa_164.312.b,nist_800_53_SI.4,pci_dss_11.4,pci_dss_10.2.4,tsc_CC6.1,gpg13_7.1,cis_1.1,',
    );
  });

  it('puts rule.groups first even when its key comes later in the object', () => {
    expect(groupString({ pci_dss: ['10.2.4'], groups: ['web'] })).toBe('web,pci_dss_10.2.4,');
  });

  it('leaves out the values analysisd appended from an SCA check (they were never in rule->group)', () => {
    const rule = { groups: ['sca'], pci_dss: ['2.2'], cis: ['1.1.1', '1.1.2'] };
    const data = { sca: { check: { compliance: { cis: '1.1.1, 1.1.2', pci_dss: '2.2', nist_800_53: 'CM.1' } } } };
    expect(groupString(rule, data)).toBe('sca,');
    expect(groupString({ groups: ['sca'], pci_dss: ['10.6', '2.2'] }, data)).toBe('sca,pci_dss_10.6,');
  });

  it('is empty for an alert with no groups', () => {
    expect(groupString({})).toBe('');
  });

  it('reads rule id, level, agent, srcip and dstuser', () => {
    const alert = AlertV1.parse({
      rule: { id: '5712', level: 10, groups: ['sshd'] },
      agent: { id: '001' },
      data: { srcip: '1.2.3.4', dstuser: 'root' },
    });
    expect(alertFacts(alert)).toEqual({
      ruleId: 5712,
      level: 10,
      groupString: 'sshd,',
      agentId: '001',
      srcip: '1.2.3.4',
      dstuser: 'root',
    });
  });

  it('has no srcip/dstuser when they are absent or not strings', () => {
    const alert = { rule: { id: '1', level: 3 }, agent: { id: '000' }, data: { srcip: 5 } } as unknown as Alert;
    expect(alertFacts(alert)).toMatchObject({ srcip: undefined, dstuser: undefined });
  });
});

describe('§2.4 the alert checks analysisd makes before OS_Exec', () => {
  it.each<[string, boolean]>([
    ['root', true],
    ['john.doe@example.com', true],
    ['a-b_c?', true],
    ['', true],
    ['machine$', false],
    ['john doe', false],
    ['x;rm', false],
    ['DOMAIN\\user', false],
    ['josé', false],
  ])('dstuser %j valid: %s (1272)', (user, valid) => {
    expect(isValidAlertUser(user)).toBe(valid);
  });

  it.each<[string, boolean]>([
    ['1.2.3.4', true],
    ['::ffff:1.2.3.4', true],
    ['fe80::1', true],
    ['host-name_1.example', true],
    ['', true],
    ['1.2.3.4; rm -rf /', false],
    ['1.2.3.4/24', false],
    ['fe80::1%eth0', false],
  ])('srcip %j valid: %s (1271)', (ip, valid) => {
    expect(isValidAlertIp(ip)).toBe(valid);
  });
});

describe('alertAddresses: every place a built-in reads srcip from', () => {
  it('lists the strings in the built-ins’ order of preference, with where each was read', () => {
    const alert = { data: { srcip: '1.1.1.1', win: { eventdata: { destinationIp: '2.2.2.2', ipAddress: '3.3.3.3' } } } };
    expect(alertAddresses(alert)).toEqual([
      { field: 'data.win.eventdata.ipAddress', value: '3.3.3.3' },
      { field: 'data.win.eventdata.destinationIp', value: '2.2.2.2' },
      { field: 'data.srcip', value: '1.1.1.1' },
    ]);
  });
  it('leaves out non-strings and never follows a __proto__ key', () => {
    expect(alertAddresses({ data: { srcip: 7, win: [] } })).toEqual([]);
    expect(alertAddresses(JSON.parse('{"__proto__": {"data": {"srcip": "1.1.1.1"}}}'))).toEqual([]);
    expect(alertAddresses(JSON.parse('{"data": {"__proto__": {"srcip": "1.1.1.1"}}}'))).toEqual([]);
  });
});
