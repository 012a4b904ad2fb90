import fc from 'fast-check';
import { TYPE_ADD, TYPE_DELETE } from '../exec-command.v1';
import { encodeCanonical, type CanonicalField } from './canonical-fields';
import { commandSigningBytes, type CommandFields } from './command-signature';

/** Reads the fields back, refusing trailing or missing bytes: if this always recovers the input, the encoding is unambiguous. */
function decode(bytes: Buffer): (Buffer | undefined)[] {
  const out: (Buffer | undefined)[] = [];
  let at = 0;
  while (at < bytes.length) {
    const presence = bytes.readUInt8(at);
    if (presence === 0) {
      out.push(undefined);
      at += 5;
      continue;
    }
    if (presence !== 1) throw new Error(`bad presence byte at ${at}`);
    const length = bytes.readUInt32BE(at + 1);
    if (at + 5 + length > bytes.length) throw new Error('truncated');
    out.push(bytes.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return out;
}

function asBytes(f: CanonicalField): Buffer | undefined {
  if (f === undefined) return undefined;
  if (typeof f === 'string') return Buffer.from(f, 'utf8');
  if (typeof f === 'number') {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(f));
    return b;
  }
  return Buffer.from(f);
}

const small = fc.string({ maxLength: 3, unit: fc.constantFrom('a', 'b', '\u0000', '\u0001', 'é') });
const field: fc.Arbitrary<CanonicalField> = fc.oneof(small, fc.uint8Array({ maxLength: 6 }), fc.maxSafeNat(), fc.constant(undefined));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const commandFields: fc.Arbitrary<CommandFields> = fc.record({
  agentId: small,
  topic: small,
  type: fc.constantFrom(TYPE_ADD, TYPE_DELETE),
  messageId: small,
  issuedAt: fc.nat(3),
  expiresAt: optional(fc.nat(3)),
  traceId: optional(small),
  body: fc.oneof(small, fc.uint8Array({ maxLength: 3 }).map((u) => Buffer.from(u))),
  resolution: optional(small),
  legacyArgs: optional(small),
  rkey: optional(small),
  generation: optional(fc.nat(3)),
  actor: optional(small),
});

/** Field values as the signature sees them: bodies as bytes, absent optional fields dropped. */
function normalized(f: CommandFields): Record<string, unknown> {
  const entries = Object.entries(f).filter(([, v]) => v !== undefined).map(([k, v]) => [k, k === 'body' ? Buffer.from(v as string | Uint8Array).toString('hex') : v]);
  return Object.fromEntries(entries);
}

describe('encodeCanonical', () => {
  it('has a fixed layout: tag, then presence | u32 length | bytes per field, integers as 8 bytes', () => {
    const hex = encodeCanonical('t', ['ab', 1, undefined, Uint8Array.of(0xff)]).toString('hex');
    expect(hex).toBe(['01' + '00000001' + '74', '01' + '00000002' + '6162', '01' + '00000008' + '0000000000000001', '00' + '00000000', '01' + '00000001' + 'ff'].join(''));
  });

  it('decodes back to exactly the tag and fields given (no ambiguity)', () => {
    fc.assert(
      fc.property(small, fc.array(field, { maxLength: 8 }), (tag, fields) => {
        expect(decode(encodeCanonical(tag, fields))).toEqual([Buffer.from(tag, 'utf8'), ...fields.map(asBytes)]);
      }),
    );
  });

  it('never confuses where one field ends and the next begins', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.nat(8), fc.nat(8), (text, i, j) => {
        fc.pre(Math.min(i, text.length) !== Math.min(j, text.length));
        const split = (k: number) => encodeCanonical('t', [text.slice(0, k), text.slice(k)]);
        expect(split(i).equals(split(j))).toBe(false);
      }),
    );
  });

  it('tells an absent field from an empty one', () => {
    expect(encodeCanonical('t', [undefined]).equals(encodeCanonical('t', ['']))).toBe(false);
    expect(encodeCanonical('t', [undefined, 'a']).equals(encodeCanonical('t', ['a', undefined]))).toBe(false);
  });

  it('refuses integers that are not non-negative safe integers', () => {
    for (const n of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) expect(() => encodeCanonical('t', [n])).toThrow(RangeError);
  });
});

describe('commandSigningBytes', () => {
  it('gives equal bytes exactly for equal fields and key id', () => {
    fc.assert(
      fc.property(commandFields, commandFields, small, small, (a, b, keyA, keyB) => {
        const same = JSON.stringify(normalized(a)) === JSON.stringify(normalized(b)) && keyA === keyB;
        expect(commandSigningBytes(a, keyA).equals(commandSigningBytes(b, keyB))).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('changes with every single field changed', () => {
    fc.assert(
      fc.property(commandFields, commandFields, fc.constantFrom<keyof CommandFields>('agentId', 'topic', 'type', 'messageId', 'issuedAt', 'expiresAt', 'traceId', 'body', 'resolution', 'legacyArgs', 'rkey', 'generation', 'actor'), (a, b, name) => {
        const changed = { ...a, [name]: b[name] } as CommandFields;
        const same = JSON.stringify(normalized(a)) === JSON.stringify(normalized(changed));
        expect(commandSigningBytes(a, 'k').equals(commandSigningBytes(changed, 'k'))).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});
