import { createLogger, errorFields, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { IngestConfig } from './env';

async function main(): Promise<void> {
  const config = IngestConfig.fromEnv(process.env);
  await runService(AppModule.forRoot(config), { port: config.get('INGEST_PORT'), host: config.get('INGEST_HOST'), name: 'alert-ingest', bodyParser: false });
}

main().catch((error) => {
  createLogger('alert-ingest').error('failed to start', errorFields(error));
  process.exit(1);
});
