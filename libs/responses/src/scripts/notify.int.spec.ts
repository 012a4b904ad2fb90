import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { invokeBuiltin } from '../execd/invoke-builtin';
import { createMemoryArLog } from '../ports/ar-log';
import { createRecordingRunner } from '../ports/recording.runner';
import { getBuiltin } from '../registry';
import { sshdBruteForceAlert } from '@riposte/testing';
import { aMessage } from '../testing/messages';
import { tempDir } from '../testing/system';
import { oauth1Signature, percentEncode } from './oauth1';

interface Received {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('wazuh-slack and wazuh-twitter against a local HTTP server', () => {
  const received: Received[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(status).end('{}');
    });
  });
  let base = '';
  const tmp = tempDir();
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });
  beforeEach(() => {
    received.length = 0;
    status = 200;
  });
  const alert = sshdBruteForceAlert();
  const env = (vars: NodeJS.ProcessEnv = {}) => ({ log: createMemoryArLog(), runner: createRecordingRunner(), platform: { sysname: 'Linux' }, home: tmp.dir, env: vars });
  const run = (name: string, extraArgs: string[], vars?: NodeJS.ProcessEnv) => {
    const e = env(vars);
    return invokeBuiltin(getBuiltin(name)!, aMessage({ alert, extraArgs }), e, { onKeys: () => 'continue' }).then((r) => ({ ...r, log: e.log.messages() }));
  };

  it('Slack receives the exact Wazuh payload on the webhook joined from extra_args', async () => {
    const result = await run('wazuh-slack', [`${base}/services/T0/B0/xyz`]);
    expect(result).toMatchObject({ kind: 'stateless', exitCode: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/services/T0/B0/xyz' });
    expect(received[0].headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json' });
    expect(received[0].body).toBe(
      '{"attachments":[{"color":"danger","pretext":"WAZUH Alert","title":"sshd: brute force trying to get access to the system. Non existent user.","text":"Feb 14 03:12:44 riposte-manager sshd[40219]: Invalid user oracle from 203.0.113.77 port 51018","fields":[{"title":"Agent","value":"(000) - riposte-manager"},{"title":"Location","value":"/var/log/auth.log"},{"title":"Rule ID","value":"5712 (level 10)"}],"ts":"1771038765.884213"}]}',
    );
  });
  it('Slack failures are logged and exit -1', async () => {
    status = 500;
    const result = await run('wazuh-slack', [`${base}/hook`]);
    expect(result.exitCode).toBe(-1);
    expect(result.log.slice(-2)).toEqual(['Unable to post to Slack: HTTP 500', 'Ended']);
  });
  const text =
    'WAZUH Alert - Rule 5712 (level 10): sshd: brute force trying to get access to the system. Non existent user.. Agent: (000) riposte-manager. Source IP: 203.0.113.77';
  it('X receives POST /2/tweets with the summary and a bearer token from extra_args', async () => {
    status = 201;
    const result = await run('wazuh-twitter', [`api_url=${base}`, 'bearer_token=user-token']);
    expect(result.exitCode).toBe(0);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/2/tweets', body: JSON.stringify({ text }) });
    expect(received[0].headers.authorization).toBe('Bearer user-token');
  });
  it('X receives a valid OAuth 1.0a signature with keys from the environment', async () => {
    status = 201;
    const vars = { RIPOSTE_X_API_URL: base, RIPOSTE_X_CONSUMER_KEY: 'ck', RIPOSTE_X_CONSUMER_SECRET: 'cs', RIPOSTE_X_ACCESS_TOKEN: 'at', RIPOSTE_X_ACCESS_TOKEN_SECRET: 'ats' };
    expect((await run('wazuh-twitter', [], vars)).exitCode).toBe(0);
    const header = received[0].headers.authorization!;
    const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
    const { oauth_signature: signature, ...signed } = params;
    expect(signed).toMatchObject({ oauth_consumer_key: 'ck', oauth_token: 'at', oauth_signature_method: 'HMAC-SHA1', oauth_version: '1.0' });
    expect(signature).toBe(oauth1Signature('POST', `${base}/2/tweets`, signed, { consumerKey: 'ck', consumerSecret: 'cs', token: 'at', tokenSecret: 'ats' }));
    expect(header).toContain(`oauth_signature="${percentEncode(signature)}"`);
    expect(received[0].body).toBe(JSON.stringify({ text }));
  });
});
