/**
 * Every Kafka topic name of the system, in one place (`<domain>.<internal|external>.<entity>.<event>.<version>`).
 * The namespace (default `riposte`, env `RIPOSTE_TOPIC_NAMESPACE`) lets several test suites or several
 * deployments share one cluster. Dead letters go to `<topic>.dlq`.
 */
import { isAgentId } from './agent-id';

/** The `<version>` of every topic name: one bump moves the whole system to new topics. */
const VERSION = 1;

/**
 * The headers a dead letter (`<topic>.dlq`) carries besides the original ones: why it was rejected and where it
 * came from (a Kafka position, or alert-ingest's HTTP body index or file offset).
 */
export const DLQ_HEADER = {
  reason: 'riposte-dlq-reason',
  sourceTopic: 'riposte-dlq-source-topic',
  sourcePartition: 'riposte-dlq-source-partition',
  /** The Kafka offset, or the byte offset in the file alert-ingest tails. */
  sourceOffset: 'riposte-dlq-source-offset',
  /** alert-ingest's input: `http` or `file`. */
  source: 'riposte-dlq-source',
  /** Position of the alert in a `POST /alerts` body. */
  sourceIndex: 'riposte-dlq-source-index',
  sourceFile: 'riposte-dlq-source-file',
  /** Size of a raw input cut to fit the dead letter, bytes. */
  truncatedFrom: 'riposte-dlq-truncated-from',
} as const;

export interface Topics {
  readonly namespace: string;
  /** Raw alerts as Wazuh or Filebeat write them (alert-ingest input). */
  readonly rawAlerts: string;
  /** Validated alerts keyed by agent id (alert-ingest → matcher). */
  readonly alerts: string;
  /** Per-agent command topic (matcher, control-api, scheduler → one executor). */
  exec(agentId: string): string;
  /** Prefix shared by all per-agent command topics. */
  readonly execPrefix: string;
  /** Timer requests and cancellations (executor, control-api → scheduler). */
  readonly timers: string;
  /** Executor announcements and heartbeats (executor → registry in the central services). */
  readonly agents: string;
  /** Every step of every response, for operators and audit. */
  readonly audit: string;
  dlq(topic: string): string;
}

export function topicsFor(namespace = 'riposte'): Topics {
  if (!/^[a-zA-Z0-9_-]+$/.test(namespace)) throw new Error(`invalid topic namespace '${namespace}'`);
  const v = VERSION;
  const execPrefix = `${namespace}.internal.command.${v}.exec.`;
  return {
    namespace,
    rawAlerts: `${namespace}.external.alert.raw.${v}`,
    alerts: `${namespace}.internal.alert.ingested.${v}`,
    execPrefix,
    exec: (agentId: string) => {
      if (!isAgentId(agentId)) throw new Error(`invalid agent id '${agentId}'`);
      return `${execPrefix}${agentId}`;
    },
    timers: `${namespace}.internal.timer.requested.${v}`,
    agents: `${namespace}.internal.agent.heartbeat.${v}`,
    audit: `${namespace}.external.audit.event.${v}`,
    dlq: (topic: string) => `${topic}.dlq`,
  };
}
