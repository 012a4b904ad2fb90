/**
 * The chaos suite's verdict, pure: what the recording script logged on each agent, judged against issue 11's
 * result (exactly one add and one delete per srcip, no delete before timeout − 1 s, every delete within one
 * reconcile period of its due time). Times are epoch ms, passed in.
 */

/** One script run as the agent's record shows it. */
export interface RecordedRun {
  readonly at: number;
  readonly command: string;
  readonly srcip: string;
  readonly reply?: string;
}

/** A span when something the undo path needs was down (killed and not yet back, or restarting). */
export interface Outage {
  readonly what: string;
  readonly from: number;
  readonly to: number;
  /** The agent it concerns; undefined: every agent (the broker, the scheduler). */
  readonly agentId?: string;
}

export interface VerdictInput {
  /** Every srcip fed, with the agent its alert named. */
  readonly expected: ReadonlyMap<string, string>;
  /** The runs of each agent's script. */
  readonly runs: ReadonlyMap<string, readonly RecordedRun[]>;
  readonly timeoutMs: number;
  readonly reconcileMs: number;
  /** What a delete may take past the bound for its own trip (scheduler tick, Kafka, the script start). */
  readonly deliveryMs: number;
  readonly outages: readonly Outage[];
}

/** The counts the suite prints and asserts; lateness figures are printed only. */
export interface Verdict {
  readonly srcips: number;
  /** srcips whose script ran exactly one add answered `continue` (the add that acts). */
  readonly oneAdd: number;
  readonly noAdd: number;
  readonly duplicateAdd: number;
  /** Adds answered `abort`: a redelivered add the active key absorbed (restarts the timer, acts on nothing). */
  readonly absorbedAdds: number;
  /**
   * Adds whose script got no answer at all (its executor died between saving the key and replying): the block was
   * never applied, and a redelivery that finds the saved key answers abort, so it never will be.
   */
  readonly unansweredAdds: number;
  readonly oneDelete: number;
  readonly noDelete: number;
  readonly duplicateDelete: number;
  /** A run on an agent the srcip's alert did not name. */
  readonly wrongAgent: number;
  readonly deleteBeforeAdd: number;
  /** Deletes earlier than (the last add of the srcip) + timeout − 1 s. */
  readonly early: number;
  /** Deletes later than their due time (moved past any outage it fell in) + one reconcile period + delivery. */
  readonly late: number;
  readonly latenessMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** A few srcips per failed check, to start the investigation from. */
  readonly examples: Readonly<Record<string, readonly string[]>>;
}

const EXAMPLES = 5;

/** A due time that falls while the undo path is down moves to the end of that outage (repeatedly: they may chain). */
export function effectiveDue(due: number, agentId: string, outages: readonly Outage[]): number {
  let at = due;
  for (let moved = true; moved; ) {
    moved = false;
    for (const o of outages) {
      if ((o.agentId === undefined || o.agentId === agentId) && o.from <= at && at < o.to) {
        at = o.to;
        moved = true;
      }
    }
  }
  return at;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function judge(input: VerdictInput): Verdict {
  const bySrcip = new Map<string, { agentId: string; run: RecordedRun }[]>();
  for (const [agentId, runs] of input.runs) {
    for (const run of runs) {
      const list = bySrcip.get(run.srcip) ?? [];
      list.push({ agentId, run });
      bySrcip.set(run.srcip, list);
    }
  }
  const examples: Record<string, string[]> = {};
  const c = { oneAdd: 0, noAdd: 0, duplicateAdd: 0, absorbedAdds: 0, unansweredAdds: 0, oneDelete: 0, noDelete: 0, duplicateDelete: 0, wrongAgent: 0, deleteBeforeAdd: 0, early: 0, late: 0 };
  /** Counts a failed check, keeping the first srcips as examples. */
  const fail = (check: keyof typeof c, srcip: string) => {
    c[check]++;
    const list = (examples[check] ??= []);
    if (list.length < EXAMPLES) list.push(srcip);
  };
  const lateness: number[] = [];
  for (const [srcip, agentId] of input.expected) {
    const mine = (bySrcip.get(srcip) ?? []).sort((a, b) => a.run.at - b.run.at);
    if (mine.some((m) => m.agentId !== agentId)) fail('wrongAgent', srcip);
    const runs = mine.filter((m) => m.agentId === agentId).map((m) => m.run);
    const adds = runs.filter((r) => r.command === 'add');
    const continued = adds.filter((r) => r.reply === 'continue');
    const deletes = runs.filter((r) => r.command === 'delete');
    c.absorbedAdds += adds.filter((r) => r.reply === 'abort').length;
    for (const r of adds) if (r.reply !== 'continue' && r.reply !== 'abort') fail('unansweredAdds', srcip);
    if (continued.length === 1) c.oneAdd++;
    else fail(continued.length === 0 ? 'noAdd' : 'duplicateAdd', srcip);
    if (deletes.length === 1) c.oneDelete++;
    else fail(deletes.length === 0 ? 'noDelete' : 'duplicateDelete', srcip);
    if (deletes.length === 0) continue;
    const del = deletes[0];
    // An absorbed (redelivered) add restarts the timer, as a repeat does in Wazuh: the due time is the last add's.
    const lastAdd = adds.filter((a) => a.at <= del.at).pop();
    if (!lastAdd) {
      fail('deleteBeforeAdd', srcip);
      continue;
    }
    const due = lastAdd.at + input.timeoutMs;
    if (del.at < due - 1000) fail('early', srcip);
    const late = del.at - effectiveDue(due, agentId, input.outages);
    lateness.push(Math.max(0, late));
    if (late > input.reconcileMs + input.deliveryMs) fail('late', srcip);
  }
  lateness.sort((a, b) => a - b);
  return {
    srcips: input.expected.size,
    ...c,
    latenessMs: { p50: percentile(lateness, 50), p99: percentile(lateness, 99), max: lateness[lateness.length - 1] ?? 0 },
    examples,
  };
}
