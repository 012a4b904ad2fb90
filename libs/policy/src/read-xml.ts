/**
 * Reads an `ossec.conf` into a small element tree with line numbers, using fast-xml-parser the way Wazuh's own
 * XML reader behaves: several root elements, comments skipped, content kept verbatim (no trimming, no entity
 * decoding, no number coercion), a raw `&` and the `\<` escape accepted in content.
 *
 * fast-xml-parser gives no positions, so a small scanner lists the start tags in document order and the n-th
 * element of the parsed tree (pre-order) takes the line of the n-th start tag.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type Problem, WazuhMessages } from './problem';

export interface XmlElement {
  readonly name: string;
  /** 1-based line of the start tag; undefined if it could not be mapped. */
  readonly line?: number;
  /** The element's own text, verbatim (text of child elements excluded). */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

// Stand-ins of the same length, so that offsets and lines do not move: Wazuh keeps a raw `&` and `\<` literally.
const AMP = '\uE000';
const LT = '\uE001';

export function readXml(xml: string, source: string): { ok: true; roots: XmlElement[] } | { ok: false; problem: Problem } {
  const text = xml.replace(/&/g, AMP).replace(/\\</g, `\\${LT}`);
  const failure = (msg: string, line: number) =>
    ({ ok: false, problem: { severity: 'error', source, line, ...WazuhMessages.xmlError(source, msg, line) } }) as const;
  const openComment = unclosedComment(text);
  if (openComment !== undefined) return failure('Comment not closed. Bad XML.', openComment);
  const verdict = XMLValidator.validate(wrapForValidation(text));
  if (verdict !== true) return failure(validatorMessage(verdict.err.msg), verdict.err.line);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const tree = parser.parse(text) as OrderedNode[];
  const lines = startTagLines(text);
  const cursor = { next: 0 };
  return { ok: true, roots: toElements(tree, lines, cursor) };
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: readonly OrderedNode[], lines: readonly StartTag[], cursor: { next: number }): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (name === undefined) continue;
    const tag = lines[cursor.next];
    const line = tag?.name === name ? tag.line : undefined;
    if (tag?.name === name) cursor.next++;
    else cursor.next = Number.POSITIVE_INFINITY; // out of step: stop guessing lines
    const body = (node[name] as OrderedNode[] | undefined) ?? [];
    const ownText = body
      .filter((child) => '#text' in child)
      .map((child) => String(child['#text']))
      .join('');
    const children = toElements(body, lines, cursor);
    out.push({ name: restore(name), line, text: restore(ownText), children });
  }
  return out;
}

function restore(s: string): string {
  return s.replace(new RegExp(AMP, 'g'), '&').replace(new RegExp(LT, 'g'), '<');
}

/** The line of a `<!--` that is never closed, if any. */
function unclosedComment(text: string): number | undefined {
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) return undefined;
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return text.slice(0, open).split('\n').length;
    from = close + 3;
  }
}

/** The validator's message without traces of the wrapper element. */
function validatorMessage(msg: string): string {
  const unclosed = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
  if (unclosed) {
    const names = [...unclosed[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== 'riposte-root');
    return `Element${names.length === 1 ? '' : 's'} not closed at the end of the file: ${names.join(', ')}.`;
  }
  return msg
    .replace(/closing tag 'riposte-root'/g, 'the end of the file')
    .replace(/\(opened in line 1, col (\d+)\)/, (_m, col: string) => `(opened in line 1, col ${Number(col) - '<riposte-root>'.length})`);
}

/**
 * The validator wants one root and no declaration inside it: blank the prolog's declaration and DOCTYPE (newlines
 * kept) and wrap everything in one element on the same first line.
 */
function wrapForValidation(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const body = text.replace(/^(\uFEFF?\s*)(<\?xml[\s\S]*?\?>)/, (_m, lead: string, decl: string) => lead + blank(decl));
  return `<riposte-root>${body.replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/g, blank)}\n</riposte-root>`;
}

interface StartTag {
  readonly name: string;
  readonly line: number;
}

/** Start tags in document order, skipping comments, CDATA, processing instructions, DOCTYPE and end tags. */
function startTagLines(text: string): StartTag[] {
  const tags: StartTag[] = [];
  let line = 1;
  let i = 0;
  const skipTo = (end: string, from: number): number => {
    const at = text.indexOf(end, from);
    const stop = at < 0 ? text.length : at + end.length;
    for (let j = i; j < stop; j++) if (text.charCodeAt(j) === 10) line++;
    return stop;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c !== '<') {
      i++;
    } else if (text.startsWith('<!--', i)) i = skipTo('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = skipTo(']]>', i + 9);
    else if (text.startsWith('<?', i)) i = skipTo('?>', i + 2);
    else if (text.startsWith('<!', i)) {
      // DOCTYPE: an internal subset in [...] may contain '>'.
      const gt = text.indexOf('>', i);
      const bracket = text.indexOf('[', i);
      const from = bracket >= 0 && (gt < 0 || bracket < gt) ? Math.max(text.indexOf(']', bracket), bracket) : i;
      i = skipTo('>', from);
    }
    else if (text.startsWith('</', i)) i = skipTo('>', i + 2);
    else {
      const name = /^<([^\s/>]+)/.exec(text.slice(i, i + 256))?.[1];
      if (name !== undefined) tags.push({ name, line });
      i = skipTag(text, i, () => line++);
    }
  }
  return tags;
}

/** Index just past the `>` that ends the start tag at `from`, honouring quoted attribute values. */
function skipTag(text: string, from: number, onNewline: () => void): number {
  let quote: string | undefined;
  for (let j = from + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') onNewline();
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return text.length;
}
