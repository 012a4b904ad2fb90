import { z } from 'zod';
import { ConfigError } from './errors';
import { collectConfig, envBool, envInt, parseEnv } from './validate';

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
