import { parseAgentArConfig, parseRepeatedOffenders } from './agent-ar-config';
import { OssecConfigError } from './config-error';

describe('§1.3 <active-response> on the agent (execd)', () => {
  it('is enabled with no escalation by default', () => {
    expect(parseAgentArConfig('<ossec_config><client/></ossec_config>', 'a')).toEqual({ disabled: false, repeatedOffenders: [] });
  });

  it('takes the FIRST <disabled> of any block, in document order, across roots', () => {
    const xml = [
      '<ossec_config><active-response><repeated_offenders>5</repeated_offenders></active-response></ossec_config>',
      '<ossec_config>',
      '<active-response><disabled>yes</disabled></active-response>',
      '<active-response><disabled>no</disabled></active-response>',
      '</ossec_config>',
    ].join('\n');
    expect(parseAgentArConfig(xml, 'a').disabled).toBe(true);
  });

  it("reads the manager's own ossec.conf the same way: a first manager block disabled turns its execd off", () => {
    const manager = [
      '<ossec_config>',
      '<command><name>firewall-drop</name><executable>firewall-drop</executable></command>',
      '<active-response><disabled>yes</disabled><command>firewall-drop</command><location>server</location></active-response>',
      '<active-response><command>firewall-drop</command><location>server</location><level>3</level></active-response>',
      '</ossec_config>',
    ].join('\n');
    expect(parseAgentArConfig(manager, 'ossec.conf').disabled).toBe(true);
  });

  it.each(['YES', 'No', '', ' yes'])('rejects <disabled>%j (1235) at its line', (value) => {
    const xml = `<ossec_config>\n<active-response>\n<disabled>${value}</disabled>\n</active-response>\n</ossec_config>`;
    expect(() => parseAgentArConfig(xml, 'agent.conf')).toThrow(OssecConfigError);
    expect(() => parseAgentArConfig(xml, 'agent.conf')).toThrow(`agent.conf:3: (1235) Invalid value for element 'disabled': ${value}.`);
  });

  it('reports broken XML', () => {
    expect(() => parseAgentArConfig('<ossec_config>', 'a')).toThrow(/\(1226\)/);
  });

  it('takes repeated_offenders from the first block that has it', () => {
    const xml = [
      '<ossec_config>',
      '<active-response><disabled>no</disabled></active-response>',
      '<active-response><repeated_offenders>30,60,120</repeated_offenders></active-response>',
      '<active-response><repeated_offenders>1</repeated_offenders></active-response>',
      '</ossec_config>',
    ].join('\n');
    expect(parseAgentArConfig(xml, 'a')).toEqual({ disabled: false, repeatedOffenders: [30, 60, 120] });
  });

  it.each<[string, number[]]>([
    ['30,60,120,240,480', [30, 60, 120, 240, 480]],
    ['1,2,3,4,5,6,7', [1, 2, 3, 4, 5]],
    [' 30,\t60', [30, 60]],
    ['30,,60', [30, 60]],
    ['30,0,60', [30]],
    ['0,30', []],
    ['30m,1h', [30, 1]],
    ['abc', []],
    ['', []],
    ['-5,10', [-5, 10]],
  ])('repeated_offenders %j → %j minutes', (value, minutes) => {
    expect(parseRepeatedOffenders(value)).toEqual(minutes);
  });
});
