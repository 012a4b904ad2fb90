import { createRecordingRunner } from '../ports/recording.runner';
import { createIpsetBatcher, restoreScript } from './ipset-batcher';

describe('ipset batcher', () => {
  it('writes one restore line per update, IPv6 to the 6 set', () =>
    expect(restoreScript([{ op: 'add', ip: '10.0.0.1' }, { op: 'del', ip: '2001:db8::1' }], 's')).toBe('add s 10.0.0.1\ndel s6 2001:db8::1\n'));
  it('sets up once and coalesces concurrent submissions into one ipset restore', async () => {
    const runner = createRecordingRunner((c) => (c.args[0] === '-C' ? { code: 1 } : undefined));
    const batcher = createIpsetBatcher({ runner });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => batcher.submit({ op: 'add', ip: `10.0.${i >> 8}.${i & 255}` })));
    await batcher.submit({ op: 'del', ip: '10.0.0.1' });
    expect(results.every((r) => r.ok && r.batchSize === 500)).toBe(true);
    expect(runner.lines().filter((l) => !l.startsWith('ipset restore'))).toEqual([
      'ipset create riposte-blocklist hash:ip family inet maxelem 1048576 -exist',
      'iptables -C INPUT -m set --match-set riposte-blocklist src -j DROP',
      'iptables -I INPUT -m set --match-set riposte-blocklist src -j DROP',
      'ipset create riposte-blocklist6 hash:ip family inet6 maxelem 1048576 -exist',
      'ip6tables -C INPUT -m set --match-set riposte-blocklist6 src -j DROP',
      'ip6tables -I INPUT -m set --match-set riposte-blocklist6 src -j DROP',
    ]);
    const restores = runner.calls.filter((c) => c.args[0] === 'restore');
    expect(restores.map((c) => c.stdin!.split('\n').length - 1)).toEqual([500, 1]);
    expect(restores[1].args).toEqual(['restore', '-exist']);
  });
  it('splits at maxBatch and reports failures to every member of the batch', async () => {
    const runner = createRecordingRunner((c) => (c.args[0] === 'restore' ? { code: 1, stderr: 'boom' } : undefined));
    const batcher = createIpsetBatcher({ runner, maxBatch: 2 });
    const results = await Promise.all(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => batcher.submit({ op: 'add', ip })));
    expect(results).toEqual([
      { ok: false, batchSize: 2, error: 'boom' },
      { ok: false, batchSize: 2, error: 'boom' },
      { ok: false, batchSize: 1, error: 'boom' },
    ]);
  });
});
