import { anAlert } from '@riposte/testing';
import { splitHttpBody } from './split-http-body';

const a1 = anAlert({ agentId: '001' });
const a2 = anAlert({ agentId: '002' });

describe('splitHttpBody', () => {
  it.each<[string, string, unknown[]]>([
    ['one JSON object', JSON.stringify(a1), [a1]],
    ['one pretty-printed object', JSON.stringify(a1, null, 2), [a1]],
    ['a JSON array', JSON.stringify([a1, a2]), [a1, a2]],
    ['an empty array', '[]', []],
    ['NDJSON (LF)', `${JSON.stringify(a1)}\n${JSON.stringify(a2)}\n`, [JSON.stringify(a1), JSON.stringify(a2)]],
    ['NDJSON (CRLF, blank lines)', `\r\n${JSON.stringify(a1)}\r\n\r\n${JSON.stringify(a2)}`, [JSON.stringify(a1), JSON.stringify(a2)]],
    ['NDJSON with a bad line between good ones', `${JSON.stringify(a1)}\nnot json\n${JSON.stringify(a2)}`, [JSON.stringify(a1), 'not json', JSON.stringify(a2)]],
    ['a single line that is not JSON', 'garbage', ['garbage']],
    ['an array with non-objects (kept as their JSON text)', '[1, "{\\"a\\":1}", null, [2]]', ['1', '"{\\"a\\":1}"', 'null', [2]]],
    ['a bare JSON number', '42', ['42']],
    ['a body with a byte order mark', `\uFEFF${JSON.stringify([a1])}`, [a1]],
    ['an empty body', '', []],
    ['a blank body', ' \n\r\n ', []],
  ])('splits %s', (_name, body, inputs) => {
    const items = splitHttpBody(body);
    expect(items.map((i) => i.input)).toEqual(inputs);
    expect(items.map((i) => i.index)).toEqual(inputs.map((_v, i) => i));
  });
});
