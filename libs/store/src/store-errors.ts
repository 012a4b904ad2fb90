import { AppError, DependencyUnavailableError } from '@riposte/contracts';

/** The negative codes the Lua scripts return (bullmq `ErrorCode` style). */
export const ScriptErrorCode = {
  /** An argument that must be a number is not, or is out of range. */
  InvalidArgument: -1,
  /** The arguments do not group as the script expects. */
  ArgumentCount: -2,
} as const;

const CODE_NAMES: Record<number, string> = {
  [ScriptErrorCode.InvalidArgument]: 'STORE_INVALID_ARGUMENT',
  [ScriptErrorCode.ArgumentCount]: 'STORE_ARGUMENT_COUNT',
};

/** A script refused its input: a bug in the caller, never helped by a retry. */
export class StoreScriptError extends AppError {
  readonly code: string;
  readonly retriable = false;
  constructor(
    readonly script: string,
    readonly scriptCode: number,
  ) {
    super(`Redis script ${script} refused its arguments (code ${scriptCode})`);
    this.code = CODE_NAMES[scriptCode] ?? 'STORE_SCRIPT_FAILED';
  }
}

/** The one mapping from a script's reply to an error: negative numbers are error codes, anything else is a result. */
export function scriptErrorOf(script: string, reply: unknown): StoreScriptError | undefined {
  return typeof reply === 'number' && reply < 0 ? new StoreScriptError(script, reply) : undefined;
}

/**
 * Runs one Redis call; a failure (connection lost, timeout, Redis refusing writes) becomes a retriable
 * DependencyUnavailableError carrying the cause. Our own errors pass through unchanged.
 */
export async function withRedis<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new DependencyUnavailableError(`Redis: ${what} failed`, { cause });
  }
}
