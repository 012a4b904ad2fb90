import { createHash } from 'node:crypto';
import { IngestKeys } from './ingest-keys';

describe('IngestKeys', () => {
  it('keys a file position by the SHA-1 of its path under the prefix', () => {
    const sha1 = createHash('sha1').update('/var/ossec/logs/alerts/alerts.json').digest('hex');
    expect(new IngestKeys().filePosition('/var/ossec/logs/alerts/alerts.json')).toBe(`riposte:ingest:file:${sha1}`);
    expect(new IngestKeys('{t1}').filePosition('/a')).toMatch(/^\{t1\}:ingest:file:[0-9a-f]{40}$/);
  });

  it('gives two paths two keys', () => {
    const keys = new IngestKeys('p');
    expect(keys.filePosition('/a/alerts.json')).not.toBe(keys.filePosition('/b/alerts.json'));
  });

  it.each(['', 'a b', 'a:b', 'a*'])('refuses the prefix %p', (prefix) => {
    expect(() => new IngestKeys(prefix)).toThrow(/invalid Redis key prefix/);
  });
});
