import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createCommandSigner, encodeValue, loadSigningKey, loadTrustedKeys } from '@riposte/bus';
import { createEnvelope, ExecCommandV1, topicsFor, verifyCommand, withEnvelope } from '@riposte/contracts';
import { memoryIo } from '../cli-io';
import { EXIT } from './cli-command';
import { keysCommand } from './keys.command';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'riposte-keys-cli-'));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('riposte keys generate', () => {
  it('writes issuer.key (0600), issuer.pub and trusted-keys.json into a new folder, and prints the key id', async () => {
    const out = path.join(tempDir(), 'keys');
    const io = memoryIo();
    expect(await keysCommand.run(['generate', '--out', out], io)).toBe(EXIT.ok);

    const keyId = io.out.trim();
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(mode(path.join(out, 'issuer.key'))).toBe(0o600);
    expect(mode(out)).toBe(0o700);
    expect(readFileSync(path.join(out, 'issuer.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const trusted = JSON.parse(readFileSync(path.join(out, 'trusted-keys.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(trusted)).toEqual([keyId]);
    expect(trusted[keyId]).toBe(readFileSync(path.join(out, 'issuer.pub'), 'utf8'));
    expect(io.err).toContain(path.join(out, 'issuer.key'));
  });

  it('writes a pair the issuers load and the executors trust: a command signed with it verifies', async () => {
    const out = tempDir();
    const io = memoryIo();
    await keysCommand.run(['generate', '-o', out], io);
    const key = loadSigningKey(path.join(out, 'issuer.key'));
    expect(key.keyId).toBe(io.out.trim());
    const topics = topicsFor('keys-cli');
    const now = 1_800_000_000_000;
    const add = withEnvelope(topics.exec('001'), '001', { version: 1, command: 'add' }, createEnvelope({ now, type: ExecCommandV1.TYPE_ADD, ttlMs: 60_000 }));
    const [signed] = createCommandSigner(key, topics).sign([add]);
    const received = { topic: signed.topic, headers: signed.headers ?? {}, value: encodeValue(signed.value) as Buffer };
    const trustedKeys = loadTrustedKeys(path.join(out, 'trusted-keys.json'));
    expect(verifyCommand(received, { agentId: '001', trustedKeys, now, skewMs: 0, seen: () => false })).toMatchObject({ ok: true, keyId: key.keyId });
  });

  it('refuses to overwrite: exit 1, the existing files untouched', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'trusted-keys.json'), '{"old":"kept"}');
    const io = memoryIo();
    expect(await keysCommand.run(['generate', '--out', out], io)).toBe(EXIT.failure);
    expect(io.err).toMatch(/trusted-keys\.json: already there; refusing to overwrite a key/);
    expect(io.out).toBe('');
    expect(readFileSync(path.join(out, 'trusted-keys.json'), 'utf8')).toBe('{"old":"kept"}');
    expect(() => statSync(path.join(out, 'issuer.key'))).toThrow();

    const again = tempDir();
    expect(await keysCommand.run(['generate', '--out', again], memoryIo())).toBe(EXIT.ok);
    const first = readFileSync(path.join(again, 'issuer.key'), 'utf8');
    expect(await keysCommand.run(['generate', '--out', again], memoryIo())).toBe(EXIT.failure);
    expect(readFileSync(path.join(again, 'issuer.key'), 'utf8')).toBe(first);
  });

  it('exits 1 when the folder cannot be written', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const io = memoryIo();
    expect(await keysCommand.run(['generate', '--out', path.join(file, 'keys')], io)).toBe(EXIT.failure);
    expect(io.err).toMatch(/cannot write into .*a-file\/keys: ENOTDIR/);
  });

  it.each([
    [['generate'], /--out <dir> is required/],
    [['generate', '--out'], /argument missing/],
    [['generate', '--out', 'a', 'b'], /unexpected argument 'b'/],
    [['rotate'], /unknown subcommand 'rotate'/],
    [[], /missing subcommand/],
  ])('exits 2 on %j', async (argv, message) => {
    const io = memoryIo();
    expect(await keysCommand.run(argv, io)).toBe(EXIT.usage);
    expect(io.err).toMatch(message);
    expect(io.err).toContain('Usage: riposte keys generate --out <dir>');
  });

  it('prints its help with --help', async () => {
    const io = memoryIo();
    expect(await keysCommand.run(['--help'], io)).toBe(EXIT.ok);
    expect(io.out).toContain('trusted-keys.json');
    expect(io.out).toContain('EXECUTOR_TRUSTED_KEYS_FILE');
  });
});
