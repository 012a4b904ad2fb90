import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Module, type INestApplication } from '@nestjs/common';
import { ConfigError } from '@riposte/contracts';
import { healthChecks, HealthController, status } from './health.controller';
import { runService } from './run-service';
import { tlsFromEnv } from './tls-files';

@Module({ controllers: [HealthController], providers: [healthChecks([], () => ({ probe: status(() => 'fine') }))] })
class HealthOnlyModule {}

/** GET over HTTPS, trusting only `ca` (so the certificate really is the one served). */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    })
      .on('error', reject)
      .end();
  });
}

const portOf = (app: INestApplication) => (app.getHttpServer().address() as { port: number }).port;

describe('runService over TLS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made now: nothing secret is kept in the repository.
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ]);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS when both files are set, and /health says tls: true', async () => {
    const tls = tlsFromEnv({ DEMO_TLS_CERT_FILE: certFile, DEMO_TLS_KEY_FILE: keyFile }, 'DEMO');
    expect(tls).toBeDefined();
    const app = (await runService(HealthOnlyModule, { port: 0, name: 'tls-spec', tls })) as INestApplication;
    apps.push(app);
    const res = await httpsGet(`https://127.0.0.1:${portOf(app)}/health`, tls!.cert);
    expect(res).toEqual({ status: 200, body: { status: 'ok', tls: true, probe: 'fine' } });
  });

  it('serves plain HTTP without them, and /health says tls: false', async () => {
    const tls = tlsFromEnv({}, 'DEMO');
    expect(tls).toBeUndefined();
    const app = (await runService(HealthOnlyModule, { port: 0, name: 'plain-spec', tls })) as INestApplication;
    apps.push(app);
    const res = await fetch(`http://127.0.0.1:${portOf(app)}/health`);
    expect(await res.json()).toEqual({ status: 'ok', tls: false, probe: 'fine' });
  });

  it.each([
    [{ DEMO_TLS_CERT_FILE: 'x.pem' }, /DEMO_TLS_KEY_FILE: is required when DEMO_TLS_CERT_FILE is set/],
    [{ DEMO_TLS_KEY_FILE: 'x.pem' }, /DEMO_TLS_CERT_FILE: is required when DEMO_TLS_KEY_FILE is set/],
    [{ DEMO_TLS_CERT_FILE: '/nonexistent/c.pem', DEMO_TLS_KEY_FILE: '/nonexistent/k.pem' }, /DEMO_TLS_CERT_FILE: cannot read.*DEMO_TLS_KEY_FILE: cannot read/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => tlsFromEnv(env, 'DEMO')).toThrow(ConfigError);
    expect(() => tlsFromEnv(env, 'DEMO')).toThrow(message);
  });

  it('refuses a certificate that is not PEM at boot, naming both variables', () => {
    const bad = path.join(dir, 'bad.pem');
    writeFileSync(bad, 'not a certificate');
    const load = () => tlsFromEnv({ DEMO_TLS_CERT_FILE: bad, DEMO_TLS_KEY_FILE: keyFile }, 'DEMO');
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DEMO_TLS_CERT_FILE, DEMO_TLS_KEY_FILE: not a PEM certificate/);
  });
});
