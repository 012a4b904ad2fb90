import { wholeLines } from './whole-lines';

const texts = (chunk: string, at = 0) => {
  const r = wholeLines(Buffer.from(chunk), at);
  return { lines: r.lines.map((l) => [l.text.toString(), l.offset]), consumed: r.consumed };
};

describe('wholeLines', () => {
  it.each<[string, string, number, { lines: [string, number][]; consumed: number }]>([
    ['two complete lines', '{"a":1}\n{"b":2}\n', 0, { lines: [['{"a":1}', 0], ['{"b":2}', 8]], consumed: 16 }],
    ['a partial last line (left for later)', '{"a":1}\n{"b"', 0, { lines: [['{"a":1}', 0]], consumed: 8 }],
    ['only a partial line', '{"a":1', 0, { lines: [], consumed: 0 }],
    ['CRLF line breaks', 'x\r\ny\r\n', 0, { lines: [['x', 0], ['y', 3]], consumed: 6 }],
    ['blank lines (consumed, not returned)', '\n \n\r\nx\n', 0, { lines: [['x', 5]], consumed: 7 }],
    ['offsets counted from where the chunk was read', 'x\ny\n', 1000, { lines: [['x', 1000], ['y', 1002]], consumed: 4 }],
    ['an empty chunk', '', 0, { lines: [], consumed: 0 }],
  ])('%s', (_name, chunk, at, expected) => {
    expect(texts(chunk, at)).toEqual(expected);
  });

  it('counts bytes, not characters', () => {
    const r = wholeLines(Buffer.from('é\nx\n'), 0);
    expect(r.lines.map((l) => l.offset)).toEqual([0, 3]);
    expect(r.consumed).toBe(5);
  });
});
