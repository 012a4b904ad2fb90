import { pythonJsonDumps } from './python-json';

describe('pythonJsonDumps (Python json.dumps defaults)', () => {
  it('writes the Wazuh API message with ", " and ": " separators, keys in order', () => {
    const msg = { version: 1, origin: { name: null, module: 'API' }, command: 'firewall-drop600', parameters: { extra_args: ['-a', 'b'], alert: { data: { srcip: '1.2.3.4' } } } };
    expect(pythonJsonDumps(msg)).toBe(
      '{"version": 1, "origin": {"name": null, "module": "API"}, "command": "firewall-drop600", "parameters": {"extra_args": ["-a", "b"], "alert": {"data": {"srcip": "1.2.3.4"}}}}',
    );
  });

  it('writes empty containers without spaces', () => {
    expect(pythonJsonDumps({ a: [], b: {} })).toBe('{"a": [], "b": {}}');
  });

  it('escapes like ensure_ascii: controls, DEL, non-ASCII and astral characters as lowercase \\u escapes', () => {
    expect(pythonJsonDumps('a"b\\c\n\t\u0001\u007fé😀/')).toBe('"a\\"b\\\\c\\n\\t\\u0001\\u007f\\u00e9\\ud83d\\ude00/"');
  });

  it('writes floats as Python repr and integers exactly', () => {
    expect(pythonJsonDumps([1.5, 0.0001, 1.5e-7, 1e22, 12345678901234567890, -3, 2.5e16])).toBe(
      '[1.5, 0.0001, 1.5e-07, 10000000000000000000000, 12345678901234567168, -3, 25000000000000000]',
    );
    expect(pythonJsonDumps(1.25e-5)).toBe('1.25e-05');
    expect(pythonJsonDumps(123.456)).toBe('123.456');
  });

  it('round-trips through JSON.parse', () => {
    const v = { s: 'ü\u2028x', n: [0.1, 2, -7.5e-9], t: true, z: null };
    expect(JSON.parse(pythonJsonDumps(v))).toEqual(v);
  });
});
