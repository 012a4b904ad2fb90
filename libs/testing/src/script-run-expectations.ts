/// <reference types="jest" />
/**
 * Expectations shared by the specs that replay Wazuh captures through a script (`runInMemory` of libs/responses):
 * the repository's own capture and the real Shellshock lab capture are checked the same way.
 */
import type { ArLogEntry } from './fixtures';

/** The parts of a script run these expectations read. */
export interface ScriptRunOutcome {
  readonly messages: readonly string[];
  readonly printed: readonly string[];
  readonly commands: readonly string[];
  readonly exitCode: number;
}

/**
 * An add/delete capture: lines 0-4 are the add (Starting, the add, check_keys, continue, Ended), 5-6 the delete.
 * The add replayed logs exactly those lines, prints the captured check_keys, runs `commands` and exits 0.
 */
export function expectCapturedAdd(run: ScriptRunOutcome, capture: readonly ArLogEntry[], commands: readonly string[]): void {
  expect(run.messages).toEqual(capture.slice(0, 5).map((l) => l.msg));
  expect(run.printed).toEqual([capture[2].msg]);
  expect(run.commands).toEqual(commands);
  expect(run.exitCode).toBe(0);
}

/** The delete replayed logs exactly lines 5 on, exchanges no keys and runs `commands`. */
export function expectCapturedDelete(run: ScriptRunOutcome, capture: readonly ArLogEntry[], commands: readonly string[]): void {
  expect(run.messages).toEqual(capture.slice(5).map((l) => l.msg));
  expect(run.printed).toEqual([]);
  expect(run.commands).toEqual(commands);
}

/** A refused input: `lastMessage` logged last, nothing printed, nothing run, exit -1. */
export function expectRefusedInput(run: ScriptRunOutcome, lastMessage: string): void {
  expect(run.messages.slice(-1)).toEqual([lastMessage]);
  expect(run.printed).toEqual([]);
  expect(run.commands).toEqual([]);
  expect(run.exitCode).toBe(-1);
}

/**
 * The tests of test_execd's four agent inputs as execd receives them (0: a `firewall-drop5` add for `blockedIp`;
 * 1: no srcip; 2: no version; 3: no parameters), each run through firewall-drop by `run`. execd's command name
 * `firewall-drop5` is rewritten to `add` first, except in the case that checks it is refused.
 */
export function itHandlesTheExecdInputCases(inputs: readonly string[], run: (input: string) => Promise<ScriptRunOutcome>, blockedIp: string): void {
  const rewritten = (raw: string) => raw.replace('"command":"firewall-drop5"', '"command":"add"');
  it('has the four cases of the fixtures', () => expect(inputs).toHaveLength(4));
  it.each([
    [1, "Cannot read 'srcip' from data"],
    [2, 'Invalid input format'],
    [3, 'Invalid input format'],
  ])('case %i logs its expected error and runs nothing', async (i, expected) => {
    expectRefusedInput(await run(rewritten(inputs[i])), expected);
  });
  it(`case 0 blocks ${blockedIp}`, async () => {
    const outcome = await run(rewritten(inputs[0]));
    expect(outcome.commands).toEqual([`iptables -I INPUT -s ${blockedIp} -j DROP`, `iptables -I FORWARD -s ${blockedIp} -j DROP`]);
  });
  it('refuses the un-rewritten command name', async () => {
    const outcome = await run(inputs[0]);
    expect(outcome.messages.slice(-1)).toEqual(["Invalid value of 'command'"]);
  });
}

/**
 * The tests of an add/delete capture of firewall-drop blocking `blockedIp` (see {@link expectCapturedAdd}), each
 * replayed by `run(input, reply)`: the add answered with the captured continue, the delete with no key exchange.
 */
export function itReplaysTheAddDeleteCapture(capture: readonly ArLogEntry[], run: (input: string, reply: string | null) => Promise<ScriptRunOutcome>, blockedIp: string): void {
  it('logs exactly the captured add sequence and runs iptables for INPUT then FORWARD', async () => {
    expectCapturedAdd(await run(capture[1].msg, capture[3].msg), capture, [`iptables -I INPUT -s ${blockedIp} -j DROP`, `iptables -I FORWARD -s ${blockedIp} -j DROP`]);
  });
  it('logs exactly the captured delete sequence, with no key exchange', async () => {
    expectCapturedDelete(await run(capture[6].msg, null), capture, [`iptables -D INPUT -s ${blockedIp} -j DROP`, `iptables -D FORWARD -s ${blockedIp} -j DROP`]);
  });
}
