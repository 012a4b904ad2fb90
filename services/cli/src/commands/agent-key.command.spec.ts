import { createServer, type IncomingMessage, type Server } from 'node:http';
import { generateKeyPairPem } from '@riposte/contracts';
import { memoryIo } from '../cli-io';
import { runCli } from '../main';
import { EXIT } from './control-api.client';

/** What the fake control API received: method, path, token and body of each request. */
interface Received {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });

describe('riposte agents enroll | revoke (against a recording HTTP server)', () => {
  const pair = generateKeyPairPem();
  const files = { '/etc/agent.key.pub': pair.publicKeyPem, '/etc/agent.key': pair.privateKeyPem, '/etc/ssh.pub': 'ssh-ed25519 AAAA host\n' };
  let server: Server;
  let url: string;
  let received: Received[];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body: await readBody(req) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  beforeEach(() => (received = []));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const riposte = async (argv: string[]) => {
    const io = memoryIo(files);
    const code = await runCli([...argv, '--api', url, '--token', 'admin-token-0123456789'], io);
    return { code, out: io.out, err: io.err };
  };

  it('enroll sends the .pub file with PUT /agents/{id}/key and prints the key id', async () => {
    answer = { status: 200, body: { agentId: '001', keyId: pair.keyId, enrolledAt: '2026-11-28T15:00:00.000Z', enrolledBy: 'alice' } };
    const r = await riposte(['agents', 'enroll', '001', '--key', '/etc/agent.key.pub']);
    expect(r).toEqual({ code: EXIT.ok, out: `Enrolled agent 001 with key ${pair.keyId}.\n`, err: '' });
    expect(received).toEqual([{ method: 'PUT', url: '/agents/001/key', authorization: 'Bearer admin-token-0123456789', body: JSON.stringify({ publicKeyPem: pair.publicKeyPem }) }]);
  });

  it('enroll says which key a rotation replaced, and --json prints the API answer', async () => {
    answer = { status: 200, body: { agentId: '001', keyId: pair.keyId, enrolledAt: '2026-11-28T15:00:00.000Z', enrolledBy: 'alice', replacedKeyId: '0123456789abcdef' } };
    expect((await riposte(['agents', 'enroll', '001', '-k', '/etc/agent.key.pub'])).out).toBe(`Enrolled agent 001 with key ${pair.keyId} (replaces 0123456789abcdef).\n`);
    expect(JSON.parse((await riposte(['agents', 'enroll', '001', '-k', '/etc/agent.key.pub', '--json'])).out)).toEqual(answer.body);
  });

  it.each([
    ['a private key', '/etc/agent.key', /^riposte agents enroll: \/etc\/agent\.key: this is a private key, refused: .*; nothing was sent\n$/],
    ['an OpenSSH line', '/etc/ssh.pub', /^riposte agents enroll: \/etc\/ssh\.pub: not a PEM block .*; nothing was sent\n$/],
    ['a missing file', '/etc/none.pub', /^riposte agents enroll: cannot read the key file '\/etc\/none\.pub': no such file\n$/],
  ])('enroll refuses %s with exit 1 and sends nothing', async (_what, file, err) => {
    const r = await riposte(['agents', 'enroll', '001', '--key', file]);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toMatch(err);
    expect(r.err).not.toContain(pair.privateKeyPem.split('\n')[1]);
    expect(received).toEqual([]);
  });

  it.each([
    [['agents', 'enroll', '--key', '/etc/agent.key.pub'], /give the agent id/],
    [['agents', 'enroll', 'web-1', '--key', '/etc/agent.key.pub'], /'web-1' is not an agent id/],
    [['agents', 'enroll', '001'], /--key <file> is required/],
    [['agents', 'enroll', '001', '002', '--key', '/etc/agent.key.pub'], /unexpected argument '002'/],
    [['agents', 'revoke'], /give the agent id/],
    [['agents', 'frobnicate'], /unexpected argument 'frobnicate' \(subcommands: list, enroll, revoke\)/],
  ])('%j is a usage error (exit 2), nothing sent', async (argv, err) => {
    const r = await riposte(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(err);
    expect(r.err).toMatch(/Usage: riposte agents/);
    expect(received).toEqual([]);
  });

  it('enroll checks the answer against AgentKeyResultSchema (exit 1 naming the field)', async () => {
    answer = { status: 200, body: { agentId: '001', enrolledAt: 'x', enrolledBy: 'alice' } };
    const r = await riposte(['agents', 'enroll', '001', '--key', '/etc/agent.key.pub']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toBe("riposte agents enroll: PUT /agents/001/key answered 200 with a body that is not the control API's: keyId: Required\n");
  });

  it('enroll maps a 403 to exit 4 with the problem detail', async () => {
    answer = { status: 403, body: { title: 'Permission Denied', detail: 'Permission denied: the route needs the admin role', error: 4000 } };
    const r = await riposte(['agents', 'enroll', '001', '--key', '/etc/agent.key.pub']);
    expect(r).toMatchObject({ code: EXIT.auth, err: 'riposte agents enroll: 403 Permission denied: the route needs the admin role\n' });
  });

  it('revoke calls DELETE /agents/{id}/key and says what it removed; 404 is exit 1', async () => {
    answer = { status: 200, body: { agentId: '002', keyId: pair.keyId, revokedAt: '2026-11-28T15:00:00.000Z', revokedBy: 'alice' } };
    const r = await riposte(['agents', 'revoke', '002']);
    expect(r).toEqual({ code: EXIT.ok, out: `Revoked key ${pair.keyId} of agent 002: it gets no command until a key is enrolled again.\n`, err: '' });
    expect(received.map((x) => `${x.method} ${x.url}`)).toEqual(['DELETE /agents/002/key']);
    answer = { status: 404, body: { title: 'Not Found', detail: 'agent 002 has no enrolled key' } };
    expect(await riposte(['agents', 'revoke', '002'])).toMatchObject({ code: EXIT.failed, err: 'riposte agents revoke: 404 agent 002 has no enrolled key\n' });
  });

  it('list (or no subcommand) shows the key column', async () => {
    const agent = { id: '001', name: 'web-1', os: 'linux', version: 'v', lastSeen: '2026-11-28T15:00:00.000Z', status: 'online', active: true, arDisabled: false };
    answer = { status: 200, body: { data: { affected_items: [{ ...agent, enrolled: true, keyId: pair.keyId }, { ...agent, id: '002', enrolled: false }], total_affected_items: 2 }, message: 'm' } };
    for (const argv of [['agents'], ['agents', 'list']]) {
      const lines = (await riposte(argv)).out.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+NAME\s+OS\s+VERSION\s+LAST SEEN\s+ACTIVE\s+AR\s+KEY$/);
      expect(lines.slice(1).map((l) => l.split(/\s{2,}/).at(-1))).toEqual([pair.keyId, 'not enrolled']);
    }
    expect(received.map((x) => `${x.method} ${x.url}`)).toEqual(['GET /agents', 'GET /agents']);
  });

  it.each(['enroll', 'revoke'])('agents %s --help prints its usage, example and exit codes', async (sub) => {
    const io = memoryIo();
    expect(await runCli(['agents', sub, '--help'], io)).toBe(EXIT.ok);
    expect(io.out).toMatch(new RegExp(`^Usage: riposte agents ${sub} <id>`));
    expect(io.out).toMatch(/Exits 0/);
    expect(io.out).toMatch(new RegExp(`riposte agents ${sub} 001`));
  });
});
