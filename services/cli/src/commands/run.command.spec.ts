import { buildRunRequest, parseRunLine } from './run.command';

function request(argv: string[]) {
  const line = parseRunLine(argv);
  if (line.kind !== 'ok') throw new Error(line.kind === 'usage' ? line.message : 'help');
  return buildRunRequest(line.opts);
}

describe('riposte run flags → PUT /active-response', () => {
  it("maps agent_control's -b ip -f ar -u id", () => {
    expect(request(['-b', '1.2.3.4', '-f', 'firewall-drop600', '-u', '001'])).toEqual({
      ok: true,
      query: '?agents_list=001',
      body: { command: 'firewall-drop600', alert: { data: { srcip: '1.2.3.4' } } },
    });
  });

  it('takes repeated --agent and -u (comma lists too), and --arg as arguments (--arg=-x for a value with a dash)', () => {
    expect(request(['--agent', '002', '-u', '001,003', '--agent', '002', '-f', 'custom0', '--arg=-x', '--arg', 'y'])).toEqual({
      ok: true,
      query: '?agents_list=002,001,003',
      body: { command: 'custom0', arguments: ['-x', 'y'] },
    });
  });

  it('-a / --all leaves agents_list out (every agent but the manager)', () => {
    expect(request(['-a', '-f', 'restart-wazuh0'])).toEqual({ ok: true, query: '', body: { command: 'restart-wazuh0' } });
  });

  it.each([
    [['-u', '001'], /-f <name>/],
    [['-f', 'x0'], /--agent <id> .* or --all/],
    [['-f', 'x0', '-a', '-u', '001'], /not both/],
    [['-f', 'x0', '-u', '1'], /'1' is not an agent id/],
  ])('refuses %j', (argv, message) => {
    const r = request(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});
