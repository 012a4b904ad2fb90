import { BusAdmin } from '@riposte/bus';
import { ExecCommandV1, HEADER, type AuditEvent } from '@riposte/contracts';
import { TopicRecorder, verifyAsExecutor, waitFor } from '@riposte/testing';
import { ControlApiHarness } from '../testing/control-api.harness';

describe('PUT /active-response (spec §6.1) on the real broker and Redis', () => {
  const h = new ControlApiHarness();
  let rec: TopicRecorder;

  beforeAll(async () => {
    await h.start(['001', '002', '003', '004']);
    await h.agent('000', { enrolled: true });
    await h.agent('001', { enrolled: true });
    await h.agent('002', { enrolled: true });
    await h.agent('003', { inactive: true, enrolled: true });
    await h.agent('004', { arDisabled: true, enrolled: true });
    await h.agent('005');
    rec = await new TopicRecorder(h.kafka, [h.topics.audit, ...['001', '002', '003', '004'].map((id) => h.topics.exec(id))]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await h.stop();
  });

  const audits = () => rec.json<AuditEvent>(h.topics.audit);

  describe('when an operator triggers a defined response on an active agent', () => {
    it('sends the Wazuh API JSON to the agent topic with the envelope and resolution, and audits the actor', async () => {
      const alert = { data: { srcip: '1.2.3.4' } };
      const res = await h.call('PUT', '/active-response?agents_list=001', { token: 'trigger', body: { command: 'firewall-drop600', arguments: ['-x', 'é'], alert } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: { affected_items: ['001'], total_affected_items: 1, total_failed_items: 0, failed_items: [] },
        message: 'AR command was sent to all agents',
        error: 0,
      });

      const [msg] = await rec.waitForCount(1, h.topics.exec('001'));
      expect(msg.key).toBe('001');
      expect(msg.value!.toString()).toBe(
        '{"version": 1, "origin": {"name": null, "module": "API"}, "command": "firewall-drop600", "parameters": {"extra_args": ["-x", "\\u00e9"], "alert": {"data": {"srcip": "1.2.3.4"}}}}',
      );
      expect(msg.headers[HEADER.type]).toBe(ExecCommandV1.TYPE_ADD);
      expect(msg.headers[HEADER.issuedAt]).toBe(String(h.clock.t));
      expect(msg.headers[HEADER.expiresAt]).toBe(String(h.clock.t + 600_000));
      expect(ExecCommandV1.readResolution(msg.headers)).toEqual({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600 });
      expect(msg.headers['riposte-actor']).toBe('bob-operator');
      // Signed with the issuer key for agent 001, the operator included.
      expect(verifyAsExecutor(msg, h.issuer, '001', h.clock.t)).toMatchObject({ ok: true, keyId: h.issuer.keyId, type: ExecCommandV1.TYPE_ADD, expiresAt: h.clock.t + 600_000 });
      expect(verifyAsExecutor({ ...msg, headers: { ...msg.headers, 'riposte-actor': 'mallory' } }, h.issuer, '001', h.clock.t)).toMatchObject({ ok: false, reason: 'bad-signature' });

      const [audit] = await rec.waitForCount(1, h.topics.audit);
      expect(audit.headers[HEADER.traceId]).toBe(msg.headers[HEADER.traceId]);
      expect(JSON.parse(audit.value!.toString())).toMatchObject({
        type: 'manual.triggered',
        at: h.clock.t,
        service: 'control-api',
        agentId: '001',
        arName: 'firewall-drop600',
        actor: 'bob-operator',
        detail: { arguments: ['-x', 'é'], messageId: msg.headers[HEADER.messageId] },
      });
    });
  });

  describe('when agents_list is not given', () => {
    it('goes to every registered agent but the manager, one trace id for the action, failures with Wazuh reasons', async () => {
      const before = rec.messages.length;
      const res = await h.call('PUT', '/active-response', { token: 'admin', body: { command: 'host-deny0' } });
      expect(res.body).toEqual({
        data: {
          affected_items: ['001', '002'],
          total_affected_items: 2,
          total_failed_items: 2,
          failed_items: [
            { error: expect.objectContaining({ code: 1707, message: 'Cannot send request, agent is not active' }), id: ['003'] },
            { error: expect.objectContaining({ code: 1750, message: 'Could not send restart command, active-response is disabled in the agent' }), id: ['004'] },
          ],
        },
        message: 'AR command was not sent to some agents',
        error: 2,
      });
      const got = await rec.waitForCount(before + 6);
      const sent = got.slice(before).filter((m) => m.topic !== h.topics.audit);
      expect(sent.map((m) => m.topic).sort()).toEqual([h.topics.exec('001'), h.topics.exec('002')]);
      expect(new Set(got.slice(before).map((m) => m.headers[HEADER.traceId])).size).toBe(1);
      expect(JSON.parse(sent[0].value!.toString())).toEqual({ version: 1, origin: { name: null, module: 'API' }, command: 'host-deny0', parameters: { extra_args: [], alert: {} } });
      const skipped = audits().filter((a) => a.type === 'command.skipped');
      expect(skipped.map((a) => [a.agentId, a.reason, a.actor])).toEqual([
        ['003', '(1707) Cannot send request, agent is not active', 'alice-admin'],
        ['004', '(1750) Could not send restart command, active-response is disabled in the agent', 'alice-admin'],
      ]);
    });
  });

  describe('when nothing can be sent', () => {
    it.each([
      ['an unknown agent', '099', 'firewall-drop600', 1701, 'Agent does not exist'],
      ['an active agent with no enrolled key (issue 10)', '005', 'firewall-drop600', 1701, 'Agent does not exist'],
      ['the manager', '000', 'firewall-drop600', 1703, 'Action not available for Manager (agent 000)'],
      ['an inactive agent', '003', 'firewall-drop600', 1707, 'Cannot send request, agent is not active'],
      ['a response not in ar.conf', '001', 'firewall-drop60', 1652, 'The command used is not defined in the configuration.'],
      ['an empty command', '001', '', 1650, 'Active response - Command not specified'],
    ])('%s (agent %j, command %j) gives Wazuh code %d', async (_what, agent, command, code, message) => {
      const res = await h.call('PUT', `/active-response?agents_list=${agent}`, { token: 'trigger', body: { command } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        data: { affected_items: [], total_affected_items: 0, total_failed_items: 1, failed_items: [{ error: { code, message }, id: [agent] }] },
        message: 'AR command was not sent to any agent',
        error: 1,
      });
    });

    it('creates no command topic for an agent with no enrolled key', async () => {
      expect(await new BusAdmin(h.kafka).listTopics()).not.toContain(h.topics.exec('005'));
    });

    it('sends the built-in restart-wazuh0 without a resolution header: the agent resolves it from its own ar.conf', async () => {
      const before = rec.on(h.topics.exec('002')).length;
      const res = await h.call('PUT', '/active-response?agents_list=002', { token: 'trigger', body: { command: 'restart-wazuh0' } });
      expect(res.body).toMatchObject({ error: 0 });
      const msgs = await rec.waitForCount(before + 1, h.topics.exec('002'));
      expect(ExecCommandV1.readResolution(msgs[before].headers)).toBeUndefined();
    });
  });

  describe('when the request is malformed', () => {
    it.each([
      ['no body', undefined, '', /command: is required/],
      ['a misspelt field', { comMmand: 'restart-wazuh0' }, '', /command: is required/],
      ['arguments not strings', { command: 'firewall-drop600', arguments: [1] }, '', /arguments\.0/],
      ['a bad agents_list', { command: 'firewall-drop600' }, '?agents_list=1', /agents_list: '1'/],
      ['a traversing script', { command: '!../../bin/sh' }, '', /directory traversal/],
    ])('%s is 400', async (_what, body, query, detail) => {
      const res = await h.call('PUT', `/active-response${query}`, { token: 'admin', body });
      expect(res.status).toBe(400);
      expect(res.body.title).toBe('Bad Request');
      expect(res.body.detail).toMatch(detail);
    });
  });

  describe('when the alert holds what no script may receive (input hardening)', () => {
    it.each([
      ['an option as srcip', { data: { srcip: '-j ACCEPT' } }, [], "alert.data.srcip: '-j ACCEPT' is not a numeric IP address"],
      ['a win.eventdata address that is not an IP', { data: { win: { eventdata: { ipAddress: '1.2.3.4;reboot' } } } }, [], "alert.data.win.eventdata.ipAddress: '1.2.3.4;reboot' is not a numeric IP address"],
      ['an option as dstuser', { data: { dstuser: '--stdin' } }, [], "alert.data.dstuser: '--stdin' is not a valid username (is_valid_username)"],
      ['a newline in location', { location: '/var/log/secure\nforged line', data: { srcip: '1.2.3.4' } }, [], 'alert.location: control character \\n'],
      ['ESC in an argument', { data: { srcip: '1.2.3.4' } }, ['\x1b[2J'], 'arguments.0: control character \\x1b'],
    ])('%s is 400 with the reason, and nothing is published', async (what, alert, args, detail) => {
      const res = await h.call('PUT', '/active-response?agents_list=002', { token: 'trigger', body: { command: 'firewall-drop600', arguments: args, alert: { ...alert, id: `bad ${what}` } } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ title: 'Bad Request', detail });
      // A good trigger behind it on the same topic: once it has arrived, the refused one would have too.
      const ok = await h.call('PUT', '/active-response?agents_list=002', { token: 'trigger', body: { command: 'firewall-drop600', alert: { id: `ok ${what}`, data: { srcip: '1.2.3.4' } } } });
      expect(ok.status).toBe(200);
      const alertIds = () => rec.on(h.topics.exec('002')).map((m) => JSON.parse(m.value!.toString()).parameters.alert.id);
      await waitFor(() => alertIds().includes(`ok ${what}`));
      expect(alertIds()).not.toContain(`bad ${what}`);
      expect(audits().filter((a) => a.alertId === `bad ${what}`)).toEqual([]);
    });
  });

  describe('the ar.conf table', () => {
    it('lists the built-in lines then the configured responses', async () => {
      const res = await h.call('GET', '/active-response/responses', { token: 'read' });
      expect(res.status).toBe(200);
      const names = (res.body.data!.affected_items as { name: string; executable: string }[]).map((l) => `${l.name} - ${l.executable}`);
      expect(names.slice(0, 2)).toEqual(['restart-ossec0 - restart-ossec.sh', 'restart-ossec0 - restart-ossec.cmd']);
      expect(names.slice(6)).toEqual(['firewall-drop600 - firewall-drop', 'host-deny0 - host-deny']);
    });
  });
});
