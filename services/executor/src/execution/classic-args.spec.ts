import { ArMessageV1, type ArMessage } from '@riposte/contracts';
import { classicArgs, classicArgsProblem, classicRkey, withVerb } from './classic-args';

const message = (alert: Record<string, unknown>, extraArgs: string[] = []): ArMessage =>
  ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: 'legacy600', extraArgs, alert });

describe('classicArgs (deviation f: the pre-4.2 command line)', () => {
  it.each([
    {
      when: 'an sshd alert with user and srcip, no extra_args',
      alert: { id: '1609860180.80794', rule: { id: '5712' }, location: '/var/log/auth.log', data: { srcip: '10.0.0.7', dstuser: 'bob' } },
      extra: [],
      argv: ['add', 'bob', '10.0.0.7', '1609860180.80794', '5712', '/var/log/auth.log', '-', '-'],
    },
    {
      // The Wazuh test string: `restart-wazuh0 - - 160987966.80794 554 (ubuntu) any->syscheck /home/vagrant/file/n44.txt -`
      when: 'a syscheck alert without user and srcip',
      alert: { id: '160987966.80794', rule: { id: '554' }, location: '(ubuntu) any->syscheck', syscheck: { path: '/home/vagrant/file/n44.txt' } },
      extra: [],
      argv: ['add', '-', '-', '160987966.80794', '554', '(ubuntu) any->syscheck', '/home/vagrant/file/n44.txt', '-'],
    },
    {
      when: 'extra_args are given (a numeric rule id as in Wazuh test inputs)',
      alert: { rule: { id: 5715 }, data: { dstuser: 'Test.', srcip: '3.3.3.3' } },
      extra: ['-arg1', '--arg2'],
      argv: ['add', 'Test.', '3.3.3.3', '-', '5715', '-', '-', '-arg1', '--arg2'],
    },
    {
      when: 'fields are empty or of the wrong type',
      alert: { id: '', rule: 'x', data: { srcip: 12, dstuser: '' } },
      extra: [],
      argv: ['add', '-', '-', '-', '-', '-', '-', '-'],
    },
  ])('$when', ({ alert, extra, argv }) => {
    expect(classicArgs(message(alert, extra), 'add')).toEqual(argv);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an option-like srcip and dstuser', { srcip: '-j ACCEPT', dstuser: '-l' }, '-', '-'],
    ['a command in srcip, root as dstuser', { srcip: '1.2.3.4;rm -rf /', dstuser: 'root' }, '-', '-'],
    ['shorthand IPv4, a path as dstuser', { srcip: '127.1', dstuser: '../etc' }, '-', '-'],
    ['a valid IPv6 and user', { srcip: '2001:db8::7', dstuser: 'alice' }, '2001:db8::7', 'alice'],
  ])('passes srcip and dstuser only when the built-ins would read them, else - (input hardening): %s', (_what, data, srcip, user) => {
    const argv = classicArgs(message({ id: '1.2', rule: { id: '5712' }, location: '/var/log/auth.log', data }), 'add');
    expect(argv.slice(0, 3)).toEqual(['add', user, srcip]);
  });

  describe('classicArgsProblem (input hardening)', () => {
    const ok = { id: '1.2', rule: { id: '5712' }, location: '/var/log/auth.log', data: { srcip: '1.2.3.4' } };
    it('finds nothing in a normal alert, and leaves the extra_args of the configuration alone', () => {
      expect(classicArgsProblem(message(ok, ['-arg1', '--arg2']))).toBeUndefined();
      expect(classicArgsProblem(message({ ...ok, syscheck: { path: '/home/vagrant/file/n44.txt' } }))).toBeUndefined();
    });
    it.each<[string, Record<string, unknown>, string[], string]>([
      ['a location that is an option', { ...ok, location: '-oProxyCommand=x' }, [], "Invalid 'alert.location': '-oProxyCommand=x' starts with '-' (a command line would read it as an option)"],
      ['a syscheck path that is an option', { ...ok, syscheck: { path: '--help' } }, [], "Invalid 'alert.syscheck.path': '--help' starts with '-' (a command line would read it as an option)"],
      ['an alert id that is an option', { ...ok, id: '-1' }, [], "Invalid 'alert.id': '-1' starts with '-' (a command line would read it as an option)"],
      ['a newline in location', { ...ok, location: '/var/log/auth.log\nforged' }, [], "Invalid 'alert.location': control character \\n"],
      ['ESC in the syscheck path', { ...ok, syscheck: { path: '/tmp/\x1b[2J' } }, [], "Invalid 'alert.syscheck.path': control character \\x1b"],
      ['a control character in extra_args', ok, ['a\rb'], "Invalid 'extra_args.0': control character \\r"],
    ])('refuses %s', (_what, alert, extra, reason) => {
      expect(classicArgsProblem(message(alert, extra))).toBe(reason);
    });
  });

  it('the delete gets the same arguments with delete', () => {
    const add = classicArgs(message({ id: '1.2', rule: { id: '1' }, data: { srcip: '1.2.3.4' } }), 'add');
    expect(withVerb(add, 'delete')).toEqual(['delete', ...add.slice(1)]);
    expect(classicArgs(message({ id: '1.2', rule: { id: '1' }, data: { srcip: '1.2.3.4' } }), 'delete')).toEqual(withVerb(add, 'delete'));
  });

  it('the duplicate key is the program and the srcip argument, as execd ≤ 4.1 built it', () => {
    expect(classicRkey('active-response/bin/legacy.sh', ['add', 'bob', '1.2.3.4', '9.9', '5712', 'x', '-', '-'])).toBe('active-response/bin/legacy.sh1.2.3.4');
    expect(classicRkey('active-response/bin/legacy.sh', ['add', '-', '-', '9.9', '5712', 'x', '-', '-'])).toBe('active-response/bin/legacy.sh-');
  });
});
