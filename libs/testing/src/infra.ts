import { Redis } from 'ioredis';
import { createKafka, BusAdmin, BusProducer, kafkaConfigFromEnv } from '@riposte/bus';
import type { Kafka } from 'kafkajs';

/**
 * The real broker and Redis for integration tests. Never skipped: when one does not answer, the test fails at
 * once saying how to start it.
 */
export function kafkaBrokers(): string {
  return process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function testKafka(clientId = 'riposte-test'): Kafka {
  return createKafka({ ...kafkaConfigFromEnv({ ...process.env, KAFKA_BROKERS: kafkaBrokers() }, clientId), retry: { initialRetryTime: 100, retries: 5 } });
}

/** Fails fast with a clear message when no broker answers. */
export async function requireKafka(kafka: Kafka = testKafka()): Promise<Kafka> {
  try {
    await new BusAdmin(kafka).probe();
    return kafka;
  } catch (cause) {
    throw new Error(
      `No Kafka broker answers at ${kafkaBrokers()} — integration tests need a real one: run \`bash deploy/kafka-local/kafka-up.sh\` or set KAFKA_BROKERS (${(cause as Error).message})`,
    );
  }
}

export async function requireRedis(): Promise<Redis> {
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (cause) {
    redis.disconnect();
    throw new Error(`No Redis answers at ${redisUrl()} — integration tests need a real one: start redis-server or set REDIS_URL (${(cause as Error).message})`);
  }
}

/** Deletes every key under a test's prefix (never FLUSHALL: the Redis may be shared). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) n += await redis.del(...keys);
  } while (cursor !== '0');
  return n;
}

export async function connectedProducer(kafka: Kafka): Promise<BusProducer> {
  const p = new BusProducer(kafka);
  await p.connect();
  return p;
}
