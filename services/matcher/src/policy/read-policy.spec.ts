import { readPolicy, reloadAudit } from './read-policy';
import { serverConf, smallConf } from '../testing/ossec-confs';

describe('readPolicy', () => {
  describe('when the file is valid', () => {
    it('gives a snapshot with its response count and whether it needs the active agents', () => {
      const reading = readPolicy(smallConf(), '/etc/ossec.conf', 5);
      expect(reading.ok && { n: reading.snapshot.responseCount, all: reading.snapshot.needsActiveAgents, at: reading.snapshot.loadedAt }).toEqual({ n: 5, all: true, at: 5 });
    });

    it('does not need the agents when every all response also says server (server wins)', () => {
      const conf = smallConf('<active-response><command>host-deny</command><location>server,all</location><level>3</level></active-response>');
      const reading = readPolicy(conf, 'c', 0);
      expect(reading.ok && reading.snapshot.needsActiveAgents).toBe(false);
    });

    it("reads Wazuh's shipped server conf", () => {
      const reading = readPolicy(serverConf(''), 'ossec.conf', 0);
      expect(reading.ok && reading.snapshot.responseCount).toBe(0);
    });
  });

  describe('when the file is invalid', () => {
    const bad = smallConf('\n  <active-response><command>firewall-drop</command><location>nowhere</location></active-response>');
    const reading = readPolicy(bad, '/etc/ossec.conf', 0);

    it('gives the problems as file:line: (code) message', () => {
      expect(reading.ok).toBe(false);
      expect(!reading.ok && reading.problems).toEqual(["/etc/ossec.conf:8: (1302) Invalid active response location: 'nowhere'."]);
    });

    it('audits policy.rejected with the problems', () => {
      expect(reloadAudit(reading, '/etc/ossec.conf', 7)).toMatchObject({
        type: 'policy.rejected',
        at: 7,
        service: 'matcher',
        reason: "/etc/ossec.conf:8: (1302) Invalid active response location: 'nowhere'.",
        detail: { source: '/etc/ossec.conf', keptPrevious: true },
      });
    });
  });

  it('audits policy.reloaded with the response count', () => {
    expect(reloadAudit(readPolicy(smallConf(), 'c', 0), 'c', 9)).toMatchObject({ type: 'policy.reloaded', at: 9, detail: { source: 'c', responses: 5 } });
  });
});
