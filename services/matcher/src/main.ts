import { createLogger, errorFields, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadEnv } from './env';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  await runService(AppModule.forRoot(env), { port: env.get('MATCHER_PORT'), host: env.get('MATCHER_HOST') });
}

main().catch((error: unknown) => {
  // Logged once here, where it is handled; open Kafka/Redis connections would keep a failed boot alive.
  createLogger('matcher').error('matcher failed to start', errorFields(error));
  process.exit(1);
});
