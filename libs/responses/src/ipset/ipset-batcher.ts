import type { CommandRunner } from '../ports/command-runner';

/** One set update. */
export interface SetOp {
  readonly op: 'add' | 'del';
  /** A validated numeric IPv4 or IPv6 address. */
  readonly ip: string;
}

/** How the batch holding an update went. */
export type BatchResult = { ok: true; batchSize: number } | { ok: false; batchSize: number; error: string };

/** Keeps blocks as members of one IPv4 and one IPv6 set, matched by one iptables and one ip6tables rule. */
export interface IpsetBatcher {
  /** Queues one update; concurrent submissions are coalesced into one `ipset restore`. Resolves when applied. */
  submit(op: SetOp): Promise<BatchResult>;
  /** Applies many updates with one `ipset restore -exist` (after the one-time set-up). */
  apply(ops: readonly SetOp[]): Promise<BatchResult>;
}

export interface IpsetBatcherOptions {
  readonly runner: CommandRunner;
  /** @defaultValue `riposte-blocklist` (IPv4); the IPv6 set gets the suffix `6`. */
  readonly setName?: string;
  /** Largest number of updates per `ipset restore`. @defaultValue 20000 */
  readonly maxBatch?: number;
  /** Binaries (bare names are looked up on PATH by the runner). */
  readonly binaries?: { readonly ipset?: string; readonly iptables?: string; readonly ip6tables?: string };
  /** Set size limit. @defaultValue 1048576 */
  readonly maxelem?: number;
}

/** The `ipset restore` input for a batch: `add|del <set> <ip>` per line, IPv6 addresses to the IPv6 set. */
export function restoreScript(ops: readonly SetOp[], setName: string): string {
  return ops.map((o) => `${o.op} ${o.ip.includes(':') ? `${setName}6` : setName} ${o.ip}\n`).join('');
}

/**
 * The batched set path (CrowdSec's bouncer model): sets and rules are created once (`ipset create … -exist`,
 * `iptables -C … || iptables -I INPUT -m set --match-set <set> src -j DROP`), then every block or unblock is a set
 * member, written in batches through `ipset restore -exist` on stdin.
 */
export function createIpsetBatcher(options: IpsetBatcherOptions): IpsetBatcher {
  const set = options.setName ?? 'riposte-blocklist';
  const maxBatch = options.maxBatch ?? 20_000;
  const bin = { ipset: 'ipset', iptables: 'iptables', ip6tables: 'ip6tables', ...options.binaries };
  const maxelem = String(options.maxelem ?? 1_048_576);
  let ready: Promise<void> | null = null;
  let queue: { op: SetOp; done: (r: BatchResult) => void }[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let scheduled = false;

  const setUp = async () => {
    for (const [name, family, tables] of [[set, 'inet', bin.iptables], [`${set}6`, 'inet6', bin.ip6tables]]) {
      const created = await options.runner.run(bin.ipset, ['create', name, 'hash:ip', 'family', family, 'maxelem', maxelem, '-exist']);
      if (created.code !== 0) throw new Error(`ipset create ${name}: ${created.stderr.trim()}`);
      const rule = ['INPUT', '-m', 'set', '--match-set', name, 'src', '-j', 'DROP'];
      if ((await options.runner.run(tables, ['-C', ...rule])).code === 0) continue;
      const inserted = await options.runner.run(tables, ['-I', ...rule]);
      if (inserted.code !== 0) throw new Error(`${tables} -I ${rule.join(' ')}: ${inserted.stderr.trim()}`);
    }
  };

  const apply = async (ops: readonly SetOp[]): Promise<BatchResult> => {
    try {
      ready ??= setUp().catch((e) => {
        ready = null;
        throw e;
      });
      await ready;
      const result = await options.runner.run(bin.ipset, ['restore', '-exist'], { stdin: restoreScript(ops, set) });
      return result.code === 0 ? { ok: true, batchSize: ops.length } : { ok: false, batchSize: ops.length, error: result.stderr.trim() };
    } catch (error) {
      return { ok: false, batchSize: ops.length, error: (error as Error).message };
    }
  };

  const flush = () => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      chain = chain.then(async () => {
        const result = await apply(batch.map((b) => b.op));
        for (const b of batch) b.done(result);
      });
    }
  };

  return {
    apply: (ops) => {
      const run = chain.then(() => apply(ops));
      chain = run;
      return run;
    },
    submit: (op) =>
      new Promise<BatchResult>((done) => {
        queue.push({ op, done });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
  };
}
