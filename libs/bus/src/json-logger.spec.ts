import { Writable } from 'node:stream';
import { createLogger, createRootLogger, errorFields, logLevelFrom } from './json-logger';
import { PinoNestLogger } from './nest-logger';

/** A root logger writing into an array of parsed lines. */
function capture(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, root: createRootLogger({ level, destination }) };
}

describe('the pino root logger', () => {
  it.each([
    [{}, 'info'],
    [{ JEST_WORKER_ID: '1' }, 'silent'],
    [{ JEST_WORKER_ID: '1', LOG_LEVEL: 'warn' }, 'warn'],
    [{ LOG_LEVEL: 'debug' }, 'debug'],
    [{ LOG_LEVEL: 'loud' }, 'info'],
  ])('LOG_LEVEL from %j is %s', (env, level) => {
    expect(logLevelFrom(env)).toBe(level);
  });

  it('writes one JSON line per event: level label, ISO time, the namespace, the message, then the fields', () => {
    const { lines, root } = capture();
    createLogger('BusProducer', root).warn('publish failed', { topics: ['a'], ...errorFields(new Error('down', { cause: new Error('ECONNREFUSED') })) });
    expect(lines).toEqual([
      {
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        logger: 'BusProducer',
        topics: ['a'],
        error: { name: 'Error', message: 'down' },
        causes: [{ name: 'Error', message: 'ECONNREFUSED' }],
        msg: 'publish failed',
      },
    ]);
  });

  it('drops what is below the level', () => {
    const { lines, root } = capture('warn');
    const log = createLogger('x', root);
    log.debug('d');
    log.info('i');
    log.error('e');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['error', 'e']]);
  });
});

describe('Nest through the same root (PinoNestLogger)', () => {
  it('maps Nest levels, takes the context as the namespace and an object message as fields', () => {
    const { lines, root } = capture();
    const nest = new PinoNestLogger(root);
    nest.log('service started: x', 'runService');
    nest.warn({ msg: 'role too low', actor: 'bob' }, 'TokenGuard');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    nest.debug('plain');
    nest.verbose('hidden below debug');
    expect(lines.map(({ time: _t, ...l }) => l)).toEqual([
      { level: 'info', logger: 'runService', msg: 'service started: x' },
      { level: 'warn', logger: 'TokenGuard', actor: 'bob', msg: 'role too low' },
      { level: 'error', logger: 'ExceptionsHandler', stack: 'Error: boom\n    at x', msg: 'boom' },
      { level: 'debug', msg: 'plain' },
    ]);
  });

  it('logs an Error message with its cause chain', () => {
    const { lines, root } = capture();
    new PinoNestLogger(root).error(new Error('kaput'), 'Ctx');
    expect(lines[0]).toMatchObject({ level: 'error', logger: 'Ctx', msg: 'kaput', error: { name: 'Error', message: 'kaput' }, stack: expect.stringContaining('kaput') });
  });
});
