import { jsonLimitViolation, MAX_ALERT_DEPTH, MAX_ALERT_KEYS } from './input-limits';

/** `levels` objects nested inside each other. */
const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

describe('jsonLimitViolation', () => {
  describe('when the value is within the limits', () => {
    it.each<[string, unknown]>([
      ['a scalar', 'x'],
      ['null', null],
      ['exactly MAX_ALERT_DEPTH levels', nested(MAX_ALERT_DEPTH)],
      ['exactly MAX_ALERT_KEYS keys', Object.fromEntries(Array.from({ length: MAX_ALERT_KEYS }, (_, i) => [`k${i}`, i]))],
    ])('accepts %s', (_name, value) => {
      expect(jsonLimitViolation(value)).toBeUndefined();
    });
  });

  describe('when the value passes a limit', () => {
    it.each<[string, unknown, RegExp]>([
      ['one level too deep', nested(MAX_ALERT_DEPTH + 1), /^nested deeper than MAX_ALERT_DEPTH \(100\) levels$/],
      ['5,000 levels deep (no stack overflow)', nested(5000), /^nested deeper than MAX_ALERT_DEPTH/],
      ['an array nested 5,000 deep', JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`), /^nested deeper than MAX_ALERT_DEPTH/],
      ['one key too many', Object.fromEntries(Array.from({ length: MAX_ALERT_KEYS + 1 }, (_, i) => [`k${i}`, i])), /^more than MAX_ALERT_KEYS \(5000\) keys and array elements$/],
      ['keys spread over levels', { a: Array.from({ length: 3000 }, () => 0), b: { c: Array.from({ length: 3000 }, () => 0) } }, /^more than MAX_ALERT_KEYS/],
    ])('names the limit for %s', (_name, value, reason) => {
      expect(jsonLimitViolation(value)).toMatch(reason);
    });

    it('takes limits of its own', () => {
      expect(jsonLimitViolation({ a: { b: 1 } }, { maxDepth: 1 })).toBe('nested deeper than MAX_ALERT_DEPTH (1) levels');
      expect(jsonLimitViolation([1, 2, 3], { maxKeys: 2 })).toBe('more than MAX_ALERT_KEYS (2) keys and array elements');
    });
  });
});
