import { DependencyUnavailableError, InvariantViolation } from '@riposte/contracts';
import { scriptErrorOf, StoreScriptError, withRedis } from './store-errors';

describe('scriptErrorOf', () => {
  it('maps each negative code to a non-retriable error carrying a stable code', () => {
    expect(scriptErrorOf('claimDue', -1)).toMatchObject({ code: 'STORE_INVALID_ARGUMENT', retriable: false, script: 'claimDue', scriptCode: -1 });
    expect(scriptErrorOf('ackTimers', -2)).toMatchObject({ code: 'STORE_ARGUMENT_COUNT' });
    expect(scriptErrorOf('x', -9)).toBeInstanceOf(StoreScriptError);
    expect(scriptErrorOf('x', -9)?.code).toBe('STORE_SCRIPT_FAILED');
  });

  it('treats anything else as a result', () => {
    for (const reply of [0, 3, [], ['a'], null, 'x']) expect(scriptErrorOf('x', reply)).toBeUndefined();
  });
});

describe('withRedis', () => {
  it('wraps a client failure as retriable, with its cause', async () => {
    const cause = new Error('ECONNREFUSED');
    const e = await withRedis('ping', () => Promise.reject(cause)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DependencyUnavailableError);
    expect((e as Error).cause).toBe(cause);
  });

  it('lets our own errors through unchanged', async () => {
    const own = new InvariantViolation('bug');
    await expect(withRedis('x', () => Promise.reject(own))).rejects.toBe(own);
  });
});
