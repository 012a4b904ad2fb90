import { createMemoryArLog } from '../ports/ar-log';
import { createRecordingRunner } from '../ports/recording.runner';
import { createFirewallDrop } from '../scripts/firewall-drop.script';
import { restartWazuh } from '../scripts/restart-wazuh.script';
import { withSrcip } from '../testing/messages';
import { tempDir } from '../testing/system';
import type { KeysReply } from './invoke-result';
import { invokeBuiltin, invokeBuiltinDelete } from './invoke-builtin';

describe('invokeBuiltin (in-process execd side)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const env = () => ({ log: createMemoryArLog(), runner: createRecordingRunner(), platform: { sysname: 'Linux' }, home: tmp.dir, findBinary: async (n: string) => ({ path: n, found: true }) });
  const fw = createFirewallDrop('firewall-drop');

  it('computes the rkey, asks onKeys, and continues', async () => {
    const e = env();
    const seen: KeysReply[] = [];
    const result = await invokeBuiltin(fw, withSrcip('10.0.0.9'), e, { onKeys: (r) => (seen.push(r), 'continue') });
    expect(result).toMatchObject({ kind: 'continued', rkey: 'firewall-drop-10.0.0.9', keys: ['10.0.0.9'], keysValid: true, exitCode: 0 });
    expect(seen[0].line).toBe('{"version":1,"origin":{"name":"firewall-drop","module":"active-response"},"command":"check_keys","parameters":{"keys":["10.0.0.9"]}}');
    expect(e.runner.lines()).toEqual(['iptables -I INPUT -s 10.0.0.9 -j DROP', 'iptables -I FORWARD -s 10.0.0.9 -j DROP']);
    expect(e.log.lines[0]).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: Starting$/);
  });
  it('aborts when the key is already active: the script logs Aborted and blocks nothing', async () => {
    const e = env();
    const result = await invokeBuiltin(fw, withSrcip('10.0.0.9'), e, { onKeys: () => 'abort' });
    expect(result).toMatchObject({ kind: 'aborted', exitCode: 0 });
    expect(e.log.messages().slice(-1)).toEqual(['Aborted']);
    expect(e.runner.calls).toEqual([]);
  });
  it('is stateless when the script prints no keys', async () => {
    const e = env();
    const onKeys = jest.fn();
    const result = await invokeBuiltin(restartWazuh, withSrcip('10.0.0.9'), e, { onKeys });
    expect(result.kind).toBe('stateless');
    expect(result.reason).toBe("Active response won't be added to timeout list. Message not received with alert keys from script 'active-response/bin/restart-wazuh'");
    expect(onKeys).not.toHaveBeenCalled();
  });
  it('reports a script failing before its keys as stateless with its exit code', async () => {
    const result = await invokeBuiltin(fw, withSrcip('not-an-ip'), env(), { onKeys: () => 'continue' });
    expect(result).toMatchObject({ kind: 'stateless', exitCode: -1 });
  });
  it('runs a delete without key exchange', async () => {
    const e = env();
    const result = await invokeBuiltinDelete(fw, withSrcip('10.0.0.9', 'delete'), e);
    expect(result).toMatchObject({ kind: 'completed', exitCode: 0 });
    expect(e.runner.lines()).toEqual(['iptables -D INPUT -s 10.0.0.9 -j DROP', 'iptables -D FORWARD -s 10.0.0.9 -j DROP']);
  });
  it('reports killed when a run outlives its deadline', async () => {
    const hang = { ...fw, add: () => new Promise<never>(() => undefined) };
    const result = await invokeBuiltin(hang, withSrcip('10.0.0.9'), env(), { onKeys: () => 'continue', timeoutMs: 50 });
    expect(result.kind).toBe('killed');
  });
});
