import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { createKafka, kafkaConfigFromEnv } from '@riposte/bus';
import { AuditEventV1, escapeControlChars, topicsFor, type AuditEvent } from '@riposte/contracts';
import { matchesAudit, formatAuditJson, formatAuditLine } from './audit-line';
import type { CliCommand } from './cli-command';
import { asCliCommand, EXIT, print, usageError, type CommandContext, type ControlCommand, type ExitCode } from './control-api.client';
import { bool, describeFlags, parseFlags, str, type FlagSpecs } from './parse-flags';

const FLAGS: FlagSpecs = {
  agent: { type: 'string', short: 'u', valueName: 'id', description: 'only the events of this agent' },
  alert: { type: 'string', valueName: 'alert-id', description: 'only the events of this alert' },
  'from-beginning': { type: 'boolean', description: 'start with the oldest event the topic keeps, not the next one' },
  max: { type: 'string', short: 'n', valueName: 'n', description: 'stop after n events' },
  json: { type: 'boolean', description: 'print each event as one JSON line' },
};

const USAGE = 'Usage: riposte tail audit [--agent <id>] [--alert <alert-id>] [--from-beginning] [--max <n>] [--json]';

/**
 * `riposte tail audit`: follows the audit topic straight from Kafka (KAFKA_BROKERS, RIPOSTE_TOPIC_NAMESPACE) with a
 * fresh consumer group, from the end unless `--from-beginning`, one readable line per event (NDJSON with `--json`).
 * Stops on Ctrl-C, or after `--max N` matching events.
 */
export const tailAudit: ControlCommand = {
  name: 'tail',
  summary: 'follow the audit topic: every step of every response, one line per event',
  usage: USAGE,
  help: `${USAGE}

Follows the audit topic straight from Kafka (KAFKA_BROKERS, default 127.0.0.1:9092; RIPOSTE_TOPIC_NAMESPACE) with
a fresh consumer group, from the next event unless --from-beginning, and prints one line per event, e.g.
  2026-11-28T15:00:00Z 001 script.ended firewall-drop600 rkey=firewall-drop-1.2.3.4 exit=0 12ms
Ctrl-C stops it.

Exits 0 when stopped, 2 on a wrong command line, 3 when Kafka does not answer.

Options:
${describeFlags(FLAGS)}
`,
  async run(argv, ctx) {
    const flags = parseFlags(argv, FLAGS);
    if (!flags.ok) return usageError(ctx, this, flags.message);
    if (bool(flags.values, 'help')) return print(ctx, this.help);
    if (flags.positionals.length !== 1 || flags.positionals[0] !== 'audit') return usageError(ctx, this, "what to tail: only 'audit' is supported");
    const maxText = str(flags.values, 'max');
    const max = maxText === undefined ? Infinity : Number(maxText);
    if (maxText !== undefined && (!Number.isInteger(max) || max < 1)) return usageError(ctx, this, `--max: '${maxText}' is not a positive integer`);
    return follow(ctx, {
      filter: { agent: str(flags.values, 'agent'), alert: str(flags.values, 'alert') },
      fromBeginning: bool(flags.values, 'from-beginning'),
      max,
      json: bool(flags.values, 'json'),
    });
  },
};

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
