import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AlertV1, ArMessageV1 } from '@riposte/contracts';
import { arLogFixture, fixture, fixtureJson, fixturesDir, readFixture } from './fixtures';

/** Every fixture file under a folder, relative to the fixtures root. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(fixturesDir, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(path.join(fixturesDir, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe('the fixtures loader', () => {
  it('resolves a fixture inside the repository', () => {
    expect(fixture('ok/alerts/sshd-5712.json')).toBe(path.join(fixturesDir, 'ok', 'alerts', 'sshd-5712.json'));
    expect(fixturesDir.startsWith(path.resolve(__dirname, '..'))).toBe(true);
  });

  it('names the missing file', () => {
    expect(() => readFixture('ok/alerts/nope.json')).toThrow(/^fixture not found: .*ok\/alerts\/nope\.json$/);
  });

  it('reads an active-responses.log fixture as timestamp, argv0 and message', () => {
    expect(arLogFixture('ok/ar-log/firewall-drop-add-delete.log').map((e) => e.msg.slice(0, 8))).toEqual([
      'Starting', '{"versio', '{"versio', '{"versio', 'Ended', 'Starting', '{"versio', 'Ended',
    ]);
  });
});

describe('the fixtures themselves', () => {
  it.each(filesUnder('ok/alerts').filter((f) => !f.endsWith('/alerts.json')))('%s is one valid alerts.json line', (name) => {
    const text = readFixture(name);
    expect(text.endsWith('\n') && !text.trimEnd().includes('\n')).toBe(true);
    expect(() => AlertV1.parse(fixtureJson(name))).not.toThrow();
  });

  it('ok/alerts/alerts.json is the alert fixtures, one per line', () => {
    const lines = readFixture('ok/alerts/alerts.json').trimEnd().split('\n');
    expect(lines).toEqual(['sshd-5712', 'web-attack-31106', 'windows-logon-failures-60204'].map((n) => readFixture(`ok/alerts/${n}.json`).trimEnd()));
  });

  it.each(filesUnder('ok/messages').filter((f) => f.endsWith('.json')))('%s is a valid AR message v1', (name) => {
    expect(() => ArMessageV1.parse(fixtureJson(name))).not.toThrow();
  });

  it('every log line message of the ar-log fixture that is JSON is a valid AR message v1', () => {
    for (const { msg } of arLogFixture('ok/ar-log/firewall-drop-add-delete.log').filter((e) => e.msg.startsWith('{'))) {
      expect(() => ArMessageV1.parse(JSON.parse(msg))).not.toThrow();
    }
  });
});
