import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PinoNestLogger } from '@riposte/bus';
import { topicsFor, type Topics } from '@riposte/contracts';
import { kafkaBrokers, writeTestTokensFile } from '@riposte/testing';
import { AppModule } from '../app.module';
import { IngestConfig } from '../env';

/** A running alert-ingest for integration tests: the app, its base URL and its topics. */
export interface IngestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly topics: Topics;
  close(): Promise<void>;
}

/**
 * Boots alert-ingest in this process on a free port of 127.0.0.1, with `env` over the process environment (tests
 * pass a unique RIPOSTE_TOPIC_NAMESPACE and RIPOSTE_REDIS_PREFIX). Logs are off unless LOG_LEVEL is set. The
 * tokens are `TEST_TOKENS` of `@riposte/testing` (every role) unless `env` names an INGEST_TOKENS_FILE.
 */
export async function startIngestApp(env: Record<string, string | undefined>): Promise<IngestApp> {
  const source: NodeJS.ProcessEnv = { KAFKA_BROKERS: kafkaBrokers(), INGEST_TOKENS_FILE: writeTestTokensFile(), ...process.env, ...env };
  const config = IngestConfig.fromEnv(source);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: process.env.LOG_LEVEL ? new PinoNestLogger() : false, bodyParser: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, topics: topicsFor(source.RIPOSTE_TOPIC_NAMESPACE), close: () => app.close() };
}
