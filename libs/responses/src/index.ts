/**
 * `@riposte/responses`: both sides of Wazuh's active-response stdin protocol (spec §3) and every default script of
 * Wazuh 4.14.7 (spec §4), plus `ipset-drop`.
 *
 * This index is what the executor uses: {@link invokeProcess} / {@link invokeDelete} run a script file like execd
 * does; {@link invokeBuiltin} / {@link invokeBuiltinDelete} run a built-in in-process with the same result type;
 * {@link resolveExecutable} decides which (a file in `active-response/bin/` overrides the built-in); the ports give
 * it real or dry-run commands, `active-responses.log` and the platform. The script side (`runScript`, the scripts,
 * the standalone entry and its shims) is reached inside the library and through `dist/.../standalone.js`.
 * {@link FileReplayMemory} keeps the ids of accepted signed commands across restarts (replay refusal).
 */

// Ports
export { createExecRunner } from './ports/command-runner';
export { createDryRunRunner } from './ports/dry-run.runner';
export type { FileArLog } from './ports/ar-log';
export { createFileArLog } from './ports/ar-log';
export type { Platform } from './ports/platform';
export { detectPlatform, isWindows } from './ports/platform';
export { createDryRunHttpPoster } from './ports/http-poster';

// What a script may receive (the executor and the manual trigger check it before anything runs)
export type { FieldProblem } from './protocol/script-input';
export { alertFieldProblems, controlCharProblems, formatFieldProblem } from './protocol/script-input';
export { isNumericIp, isValidUsername } from './protocol/alert-fields';

// Binary look-up
export type { FoundBinary } from './runner/find-binary';
export { findBinary } from './runner/find-binary';

// Executor side
export type { InvokeOptions, InvokeResult, KeysDecision, KeysReply } from './execd/invoke-result';
export { invokeDelete, invokeProcess } from './execd/invoke-process';
export type { BuiltinEnv } from './execd/invoke-builtin';
export { invokeBuiltin, invokeBuiltinDelete } from './execd/invoke-builtin';
export type { FileReplayMemoryOptions, ReplayMemory } from './execd/replay-memory.store';
export { FileReplayMemory } from './execd/replay-memory.store';

// Built-ins
export type { ResolvedExecutable } from './registry';
export { getBuiltin, resolveExecutable } from './registry';
export { runRestartSh } from './restart-sh';
