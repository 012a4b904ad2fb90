import { runMain, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { IngestConfig } from './env';

runMain('alert-ingest', async () => {
  const config = IngestConfig.fromEnv(process.env);
  await runService(AppModule.forRoot(config), { port: config.get('INGEST_PORT'), host: config.get('INGEST_HOST'), name: 'alert-ingest', bodyParser: false, tls: config.tls });
});
