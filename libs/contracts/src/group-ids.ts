/**
 * Every Kafka consumer group id of the system, beside the topic names (`topics.ts`): `<namespace>.<consumer>`.
 * One group per consuming role; every instance of a role shares it (partitions are spread over them).
 */
export interface GroupIds {
  /** alert-ingest reading the raw alerts topic. */
  readonly alertIngest: string;
  /** The matcher reading the alerts topic. */
  readonly matcher: string;
  /** The agent registry writer (in the matcher) reading heartbeats. */
  readonly registry: string;
  /** The scheduler reading timer requests. */
  readonly scheduler: string;
  /** The executor of one agent reading its command topic. */
  executor(agentId: string): string;
}

export function groupIdsFor(namespace = 'riposte'): GroupIds {
  return {
    alertIngest: `${namespace}.alert-ingest`,
    matcher: `${namespace}.matcher`,
    registry: `${namespace}.registry`,
    scheduler: `${namespace}.scheduler`,
    executor: (agentId: string) => `${namespace}.executor.${agentId}`,
  };
}
