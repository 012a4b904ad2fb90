import { aMessage } from '../testing/messages';
import { alertFieldProblems, controlCharProblems, formatFieldProblem } from './script-input';

describe('what a script may receive (input hardening)', () => {
  const sshd = aMessage().parameters.alert as Record<string, unknown>;
  const withAlert = (o: Record<string, unknown>, extraArgs: unknown[] = []) => aMessage({ alert: { ...sshd, ...o }, extraArgs });

  describe('controlCharProblems', () => {
    it('finds nothing in a real alert, whose full_log may span lines (it travels as JSON only)', () => {
      expect(controlCharProblems(withAlert({ full_log: 'line 1\nline 2\ttab', data: { srcip: '1.2.3.4', dstuser: 'bob' } }, ['-x']))).toEqual([]);
    });
    it('names every field with a control character, srcip fields first, then extra_args', () => {
      const message = withAlert(
        { location: 'a\nb', syscheck: { path: '/x\x1b' }, data: { srcip: '1.2.3.4\r', dstuser: 'u\x00', win: { eventdata: { ipAddress: '\x9b' } } } },
        ['ok', 'b\x7f'],
      );
      expect(controlCharProblems(message)).toEqual([
        { field: 'alert.data.win.eventdata.ipAddress', problem: 'control character \\x9b' },
        { field: 'alert.data.srcip', problem: 'control character \\r' },
        { field: 'alert.data.dstuser', problem: 'control character \\x00' },
        { field: 'alert.location', problem: 'control character \\n' },
        { field: 'alert.syscheck.path', problem: 'control character \\x1b' },
        { field: 'extra_args.1', problem: 'control character \\x7f' },
      ]);
    });
    it('formats a problem as the line a script logs', () => {
      expect(formatFieldProblem({ field: 'alert.location', problem: 'control character \\n' })).toBe("Invalid 'alert.location': control character \\n");
    });
  });

  describe('alertFieldProblems: the built-ins’ srcip and dstuser checks', () => {
    it.each([
      [{ srcip: '1.2.3.4', dstuser: 'bob' }],
      [{ srcip: '2001:db8::1' }],
      [{}],
      [{ srcip: 7, dstuser: 8 }],
    ])('accepts %j', (data) => expect(alertFieldProblems(withAlert({ data }))).toEqual([]));
    it.each<[Record<string, unknown>, string]>([
      [{ srcip: '-j ACCEPT' }, "Invalid 'alert.data.srcip': '-j ACCEPT' is not a numeric IP address"],
      [{ srcip: '1.2.3.4;rm -rf /' }, "Invalid 'alert.data.srcip': '1.2.3.4;rm -rf /' is not a numeric IP address"],
      [{ srcip: '1.2.3.4', win: { eventdata: { ipAddress: '127.1' } } }, "Invalid 'alert.data.win.eventdata.ipAddress': '127.1' is not a numeric IP address"],
      [{ dstuser: '-l' }, "Invalid 'alert.data.dstuser': '-l' is not a valid username (is_valid_username)"],
      [{ dstuser: 'root' }, "Invalid 'alert.data.dstuser': 'root' is not a valid username (is_valid_username)"],
      [{ dstuser: 'a\nb' }, "Invalid 'alert.data.dstuser': 'a\\nb' is not a valid username (is_valid_username)"],
    ])('refuses %j', (data, line) => {
      expect(alertFieldProblems(withAlert({ data })).map(formatFieldProblem)).toEqual([line]);
    });
  });
});
