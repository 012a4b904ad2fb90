/** One dependency's answer to a health probe: what the probe returned, or why it failed. */
export type DependencyHealth = ({ ok: true } & Record<string, unknown>) | { ok: false; error: string };

/**
 * Runs a health probe (Kafka `describeCluster`, Redis `PING`) with a deadline: kafkajs and ioredis retry for much
 * longer than a health check may take.
 */
export async function probeDependency(fn: () => Promise<Record<string, unknown> | void>, timeoutMs = 2000): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, ...((await Promise.race([fn(), deadline])) ?? {}) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
