import { readXml, type XmlElement } from './read-xml';

function roots(xml: string): XmlElement[] {
  const r = readXml(xml, 'x.conf');
  if (!r.ok) throw new Error(r.problem.message);
  return r.roots;
}

function outline(els: readonly XmlElement[]): unknown[] {
  return els.map((e) => [e.name, e.line, e.text.trim(), outline(e.children)]);
}

describe('§1 reading ossec.conf XML as Wazuh does', () => {
  it('keeps several roots, document order and the line of every start tag', () => {
    const xml = [
      '<!-- a comment with <command> inside -->',
      '<ossec_config>',
      '  <command>',
      '    <name>a</name>',
      '  </command>',
      '  <global',
      '     attr="x>y"><white_list>1.2.3.4</white_list></global>',
      '</ossec_config>',
      '<ossec_config><cluster/></ossec_config>',
    ].join('\n');
    expect(outline(roots(xml))).toEqual([
      [
        'ossec_config',
        2,
        '',
        [
          ['command', 3, '', [['name', 4, 'a', []]]],
          ['global', 6, '', [['white_list', 7, '1.2.3.4', []]]],
        ],
      ],
      ['ossec_config', 9, '', [['cluster', 9, '', []]]],
    ]);
  });

  it('keeps text verbatim: spaces, entities undecoded, a raw & and the \\< escape', () => {
    const [root] = roots('<r><a>  x  </a><b>&amp;&lt;</b><c>a&b</c><d>1\\<2</d></r>');
    expect(root.children.map((c) => c.text)).toEqual(['  x  ', '&amp;&lt;', 'a&b', '1\\<2']);
  });

  it('does not coerce numbers or booleans', () => {
    const [root] = roots('<r><level>010</level><t>true</t></r>');
    expect(root.children.map((c) => c.text)).toEqual(['010', 'true']);
  });

  it('skips CDATA start tags and processing instructions when numbering lines', () => {
    const xml = '<?xml version="1.0"?>\n<r>\n<![CDATA[<fake>]]>\n<?pi <x> ?>\n<a>1</a>\n</r>';
    expect(outline(roots(xml))).toEqual([['r', 2, expect.any(String), [['a', 5, '1', []]]]]);
  });

  it('reads an empty document as no root', () => {
    expect(roots('')).toEqual([]);
    expect(roots('<!-- only a comment -->\n')).toEqual([]);
  });
});
