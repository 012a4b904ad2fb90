import { z } from 'zod';
import { ConfigError, ContractViolationError } from './errors';
import * as AlertV1 from './alert.v1';
import { collectConfig, envBool, envInt, parseEnv, parseJsonBytes } from './validate';

describe('parseEnv', () => {
  const schema = z.object({ PORT: envInt(8080, 1, 65535), DEBUG: envBool(false) });

  it('applies defaults, and treats an empty variable as unset', () => {
    expect(parseEnv(schema, { PORT: '', DEBUG: undefined })).toEqual({ PORT: 8080, DEBUG: false });
    expect(parseEnv(schema, { PORT: '9000', DEBUG: 'yes' })).toEqual({ PORT: 9000, DEBUG: true });
  });

  it('names every bad variable in one ConfigError', () => {
    const bad = () => parseEnv(schema, { PORT: '70000', DEBUG: 'maybe' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT: must be an integer from 1 to 65535/);
    expect(bad).toThrow(/DEBUG: /);
  });
});

describe('collectConfig', () => {
  it('returns every part when all are valid', () => {
    expect(collectConfig({ a: () => 1, b: () => 'x' })).toEqual({ a: 1, b: 'x' });
  });

  it('names the bad variables of every part in one ConfigError', () => {
    const bad = () =>
      collectConfig({
        env: () => parseEnv(z.object({ PORT: envInt(8080, 1, 65535) }), { PORT: '0' }),
        redis: () => {
          throw new ConfigError("REDIS_URL: 'x' is not a URL");
        },
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/^invalid environment: PORT: must be an integer from 1 to 65535; REDIS_URL: 'x' is not a URL$/);
  });

  it('lets an error that is not about configuration through', () => {
    expect(() => collectConfig({ a: () => { throw new TypeError('bug'); } })).toThrow(TypeError);
  });
});

describe('parseJsonBytes', () => {
  it('decodes UTF-8 JSON', () => {
    expect(parseJsonBytes(Buffer.from('{"a":"é"}'), 'alert')).toEqual({ a: 'é' });
  });
  it.each<[string, Uint8Array | null, string]>([
    ['bytes that are not UTF-8 (an overlong /)', Buffer.from([0x22, 0xc0, 0xaf, 0x22]), 'invalid alert: invalid UTF-8'],
    ['no value', null, 'invalid alert: not JSON (Unexpected end of JSON input)'],
  ])('refuses %s as a contract violation', (_name, bytes, message) => {
    let thrown: unknown;
    try {
      parseJsonBytes(bytes, 'alert');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ContractViolationError);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('AlertV1.parse and the shape limits', () => {
  it('refuses a 5,000-deep alert before any recursive walk, naming the limit', () => {
    const deep = JSON.parse(`{"rule":{"id":"1","level":3},"agent":{"id":"001"},"data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
    expect(() => AlertV1.parse(deep)).toThrow(new ContractViolationError('invalid alert: nested deeper than MAX_ALERT_DEPTH (100) levels'));
  });
});
