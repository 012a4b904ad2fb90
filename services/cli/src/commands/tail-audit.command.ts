import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { createKafka, kafkaConfigFromEnv } from '@riposte/bus';
import { AuditEventV1, escapeControlChars, topicsFor, type AuditEvent } from '@riposte/contracts';
import { matchesAudit, formatAuditJson, formatAuditLine } from './audit-line';
import { single } from '../command-line';
import type { CliCommand } from './cli-command';
import { asCliCommand, defineCommand, EXIT, usageError, type CommandContext, type ExitCode } from './control-api.client';

interface TailOptions {
  agent?: string;
  alert?: string;
  fromBeginning?: boolean;
  max?: string;
  json?: boolean;
}

/**
 * `riposte tail audit`: follows the audit topic straight from Kafka (KAFKA_BROKERS, RIPOSTE_TOPIC_NAMESPACE) with a
 * fresh consumer group, from the end unless `--from-beginning`, one readable line per event (NDJSON with `--json`).
 * Stops on Ctrl-C, or after `--max N` matching events.
 */
export const tailAudit = defineCommand<TailOptions>({
  name: 'tail',
  summary: 'follow the audit topic: every step of every response, one line per event',
  help: {
    usage: 'audit [--agent <id>] [--alert <alert-id>] [--from-beginning] [--max <n>] [--json]',
    description: `Follows the audit topic straight from Kafka (KAFKA_BROKERS, default 127.0.0.1:9092; RIPOSTE_TOPIC_NAMESPACE) with
a fresh consumer group, from the next event unless --from-beginning, and prints one line per event, e.g.
  2026-11-28T15:00:00Z 001 script.ended firewall-drop600 rkey=firewall-drop-1.2.3.4 exit=0 12ms
Ctrl-C stops it.`,
    after: 'Exits 0 when stopped, 2 on a wrong command line, 3 when Kafka does not answer.',
  },
  options: (cmd) =>
    cmd
      .option('-u, --agent <id>', 'only the events of this agent', single)
      .option('--alert <alert-id>', 'only the events of this alert', single)
      .option('--from-beginning', 'start with the oldest event the topic keeps, not the next one')
      .option('-n, --max <n>', 'stop after n events', single)
      .option('--json', 'print each event as one JSON line'),
  async action(opts, args, ctx) {
    if (args.length !== 1 || args[0] !== 'audit') return usageError(ctx, this, "what to tail: only 'audit' is supported");
    const max = opts.max === undefined ? Infinity : Number(opts.max);
    if (opts.max !== undefined && (!Number.isInteger(max) || max < 1)) return usageError(ctx, this, `--max: '${opts.max}' is not a positive integer`);
    return follow(ctx, { filter: { agent: opts.agent, alert: opts.alert }, fromBeginning: opts.fromBeginning === true, max, json: opts.json === true });
  },
});

interface FollowOptions {
  filter: { agent?: string; alert?: string };
  fromBeginning: boolean;
  max: number;
  json: boolean;
}

async function follow(ctx: CommandContext, o: FollowOptions): Promise<ExitCode> {
  let topic: string;
  let consumer: Consumer;
  try {
    topic = topicsFor(ctx.env.RIPOSTE_TOPIC_NAMESPACE || undefined).audit;
    const config = kafkaConfigFromEnv({ ...ctx.env, KAFKA_BROKERS: ctx.env.KAFKA_BROKERS || '127.0.0.1:9092' }, 'riposte-cli');
    consumer = createKafka({ ...config, retry: { retries: 2 } }).consumer({ groupId: `riposte-tail-${randomUUID()}`, maxWaitTimeInMs: 200 });
  } catch (e) {
    return usageError(ctx, tailAudit, (e as Error).message);
  }
  const { signal, release } = stopSignal(ctx);
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  signal.addEventListener('abort', () => done(), { once: true });
  try {
    consumer.on(consumer.events.GROUP_JOIN, () => ctx.err(`riposte tail: following ${topic}${o.fromBeginning ? ' from the beginning' : ''} (Ctrl-C to stop)`));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: o.fromBeginning });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (seen >= o.max) return;
        const event = decode(ctx, message.value);
        if (!event || !matchesAudit(event, o.filter)) return;
        ctx.out(o.json ? formatAuditJson(event) : formatAuditLine(event));
        if (++seen >= o.max) done();
      },
    });
    await finished;
    return EXIT.ok;
  } catch (e) {
    ctx.err(`riposte tail: cannot follow the audit topic on ${ctx.env.KAFKA_BROKERS || '127.0.0.1:9092'}: ${(e as Error).message}`);
    return EXIT.unreachable;
  } finally {
    release();
    await consumer.disconnect().catch(() => undefined);
  }
}

function decode(ctx: CommandContext, value: Buffer | null): AuditEvent | undefined {
  try {
    return AuditEventV1.parse(JSON.parse(value?.toString() ?? 'null'));
  } catch (e) {
    // JSON.parse quotes the bad input in its message: escaped, like every line we print.
    ctx.err(`riposte tail: skipped an event that is not an audit event (${escapeControlChars((e as Error).message)})`);
    return undefined;
  }
}

/** The context's signal, or one that Ctrl-C / SIGTERM aborts (for a `riposte` run from a shell). */
function stopSignal(ctx: CommandContext): { signal: AbortSignal; release: () => void } {
  if (ctx.signal) return { signal: ctx.signal, release: () => undefined };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

export const tailAuditCommand: CliCommand = asCliCommand(tailAudit);
