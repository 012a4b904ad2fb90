/**
 * `@riposte/responses`: both sides of Wazuh's active-response stdin protocol (spec §3) and every default script of
 * Wazuh 4.14.7 (spec §4), plus `ipset-drop`.
 *
 * Script side: a script is a {@link ScriptDefinition} (how it reads its input, its check_keys keys, its add and its
 * delete); {@link runScript} wraps it in Wazuh's protocol (`Starting`, input echo, check_keys, continue/abort,
 * `Ended`/`Aborted`) over a {@link ScriptIo}, logging to `active-responses.log` through an {@link ArLog} and running
 * commands only through a {@link CommandRunner} (argv arrays, never a shell).
 *
 * Executor side: {@link invokeProcess} / {@link invokeDelete} run a script file like execd does;
 * {@link invokeBuiltin} / {@link invokeBuiltinDelete} run a built-in in-process with the same result type;
 * {@link resolveExecutable} decides which (a file in `active-response/bin/` overrides the built-in);
 * {@link rkeyFor} and {@link parseCheckKeys} are the pure protocol helpers; the executor owns the timeout table.
 */

// Ports
export type { CommandResult, CommandRunner, ExecRunnerOptions, RunOptions } from './ports/command-runner';
export { CommandSpawnError, createExecRunner } from './ports/command-runner';
export type { RecordedCall, RecordingResponder, RecordingRunner } from './ports/recording.runner';
export { createRecordingRunner } from './ports/recording.runner';
export { createDryRunRunner } from './ports/dry-run.runner';
export type { ArLog, Clock, FileArLog, FileArLogOptions, MemoryArLog } from './ports/ar-log';
export { arLogPath, createFileArLog, createMemoryArLog, formatArLogLine, formatArTimestamp } from './ports/ar-log';
export type { ScriptChannel, ScriptIo } from './ports/script-io';
export { createScriptChannel, createStreamScriptIo, MAX_LINE_BYTES } from './ports/script-io';
export type { Platform } from './ports/platform';
export { detectPlatform, isWindows } from './ports/platform';
export type { HttpPoster, HttpResponse } from './ports/http-poster';
export { createDryRunHttpPoster, createNodeHttpPoster } from './ports/http-poster';

// Protocol (pure)
export { checkReply, checkScriptCommand, parseProtocolLine } from './protocol/parse-message';
export type { ReplyCheck, ScriptCommandCheck } from './protocol/parse-message';
export { getAlert, getExtraArgList, getExtraArgs, getSrcip, getUsername, ipVersion, isNumericIp, isValidUsername } from './protocol/alert-fields';
export type { FieldProblem } from './protocol/script-input';
export { alertFieldProblems, controlCharProblems, formatFieldProblem, SCRIPT_TEXT_FIELDS } from './protocol/script-input';
export type { ParsedCheckKeys, Rkey } from './protocol/check-keys';
export { formatCheckKeys, MAX_RKEY_BYTES, parseCheckKeys, programBasename, rkeyFor } from './protocol/check-keys';

// Script side
export type { Outcome, ReadResult, ScriptContext, ScriptDefinition, ScriptEnv, ScriptServices } from './runner/script-definition';
export { ended, stopped } from './runner/script-definition';
export type { ScriptRunResult } from './runner/run-script';
export { runScript } from './runner/run-script';
export type { FoundBinary } from './runner/find-binary';
export { findBinary } from './runner/find-binary';

// Executor side
export type { InvokeKind, InvokeOptions, InvokeResult, KeysDecision, KeysReply } from './execd/invoke-result';
export { statelessNote } from './execd/invoke-result';
export type { ProcessOptions } from './execd/invoke-process';
export { invokeDelete, invokeProcess } from './execd/invoke-process';
export type { BuiltinEnv } from './execd/invoke-builtin';
export { invokeBuiltin, invokeBuiltinDelete } from './execd/invoke-builtin';

// Built-ins, shims, standalone
export type { ResolvedExecutable } from './registry';
export { BUILTIN_SCRIPTS, getBuiltin, isRiposteShim, resolveExecutable, SHIM_MARKER } from './registry';
export type { InstallShimsOptions } from './install-shims';
export { installShims, shimSource } from './install-shims';
export { locateScript, runStandalone, scriptNameFrom } from './standalone';
export type { RestartShEnv } from './restart-sh';
export { runRestartSh } from './restart-sh';

// The set path
export type { BatchResult, IpsetBatcher, IpsetBatcherOptions, SetOp } from './ipset/ipset-batcher';
export { createIpsetBatcher, restoreScript } from './ipset/ipset-batcher';

// Individual scripts (for composition and tests)
export { createFirewallDrop } from './scripts/firewall-drop.script';
export { createFirewalldDrop } from './scripts/firewalld-drop.script';
export { hostDeny, hostsDenyRule } from './scripts/host-deny.script';
export { slackPayload } from './scripts/wazuh-slack.script';
export { tweetText } from './scripts/wazuh-twitter.script';
export { oauth1Header, oauth1Signature } from './scripts/oauth1';
