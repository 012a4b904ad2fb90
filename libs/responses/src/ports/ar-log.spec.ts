import * as fs from 'node:fs';
import * as path from 'node:path';
import { arLogFixture } from '@riposte/testing';
import { tempDir } from '../testing/system';
import { createFileArLog, createMemoryArLog, formatArLogLine, formatArTimestamp } from './ar-log';

describe('active-responses.log lines (spec §5)', () => {
  const at = new Date(2022, 5, 17, 14, 46, 27).getTime(); // local time, as w_get_timestamp
  it('formats local time as YYYY/MM/DD HH:MM:SS', () => expect(formatArTimestamp(at)).toBe('2022/06/17 14:46:27'));
  it('writes "<timestamp> <argv0>: <msg>" exactly like the logged fixture', () => {
    const first = arLogFixture('ok/ar-log/firewall-drop-add-delete.log')[0];
    const loggedAt = new Date(2026, 1, 14, 9, 41, 7).getTime(); // the fixture's first timestamp, local time
    expect(formatArLogLine(loggedAt, first.argv0, first.msg)).toBe(`${first.timestamp} ${first.argv0}: ${first.msg}\n`);
  });
  it('drops the newline fgets keeps', () => expect(formatArLogLine(at, 'a', '{"x":1}\n')).toBe('2022/06/17 14:46:27 a: {"x":1}\n'));
  it('keeps every line of the logged fixture byte for byte', () => {
    for (const l of arLogFixture('ok/ar-log/firewall-drop-add-delete.log')) expect(formatArLogLine(at, l.argv0, l.msg)).toBe(`2022/06/17 14:46:27 ${l.argv0}: ${l.msg}\n`);
  });
  it('shows CR, LF, tab, ESC and the other C0/C1 controls as visible escapes: one call is one line (input hardening)', () => {
    const line = formatArLogLine(at, 'active-response/bin/x\x1b[2J', 'a\nb\r\n2022/06/17 14:46:27 fake: line\x1b[31m\x00\t\x7f\x9b\u0085é');
    expect(line).toBe('2022/06/17 14:46:27 active-response/bin/x\\x1b[2J: a\\nb\\r\\n2022/06/17 14:46:27 fake: line\\x1b[31m\\x00\\t\\x7f\\x9b\\x85é\n');
    expect(line.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
  it('escapes the memory log alike', () => {
    const log = createMemoryArLog(() => at);
    log.write('a', 'x\ny\n');
    expect(log.lines).toEqual(['2022/06/17 14:46:27 a: x\\ny']);
    expect(log.messages()).toEqual(['x\\ny']);
  });

  describe('when written to a Wazuh home', () => {
    const tmp = tempDir();
    afterAll(() => tmp.cleanup());
    it('appends to logs/active-responses.log, creating logs/', () => {
      const log = createFileArLog({ home: tmp.dir, clock: () => at });
      log.write('active-response/bin/host-deny', 'Starting');
      log.write('active-response/bin/host-deny', 'Ended');
      expect(fs.readFileSync(path.join(tmp.dir, 'logs', 'active-responses.log'), 'utf8')).toBe(
        '2022/06/17 14:46:27 active-response/bin/host-deny: Starting\n2022/06/17 14:46:27 active-response/bin/host-deny: Ended\n',
      );
    });
    it('buffers until flush when asked to', () => {
      const log = createFileArLog({ home: tmp.dir, clock: () => at, buffered: true, windows: true });
      log.write('x', 'one');
      expect(fs.existsSync(log.path)).toBe(false);
      log.flush();
      expect(fs.readFileSync(path.join(tmp.dir, 'active-response', 'active-responses.log'), 'utf8')).toBe('2022/06/17 14:46:27 x: one\n');
    });
  });
});
