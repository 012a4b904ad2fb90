// Resolves where the real Kafka broker and Redis are, once per Jest run, and exports them to the workers:
// KAFKA_BROKERS / REDIS_URL from the environment first; else testcontainers when a Docker engine answers;
// else the local ones (the test runner, tools/test.js, starts a local broker when none answers).
// Tests that need them probe with libs/testing and fail fast with a clear message; none is skipped.
module.exports = async function globalSetup() {
  if (process.env.KAFKA_BROKERS && process.env.REDIS_URL) return;
  if (process.env.RIPOSTE_TRY_DOCKER === '1') {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const { RedisContainer } = await import('@testcontainers/redis');
      if (!process.env.KAFKA_BROKERS) {
        const kafka = await new KafkaContainer('apache/kafka:4.1.1').withKraft().start();
        process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
        globalThis.__RIPOSTE_CONTAINERS__ = [...(globalThis.__RIPOSTE_CONTAINERS__ ?? []), kafka];
      }
      if (!process.env.REDIS_URL) {
        const redis = await new RedisContainer('redis:7').start();
        process.env.REDIS_URL = redis.getConnectionUrl();
        globalThis.__RIPOSTE_CONTAINERS__ = [...(globalThis.__RIPOSTE_CONTAINERS__ ?? []), redis];
      }
    } catch {
      /* no engine: fall through to the local services */
    }
  }
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
};
