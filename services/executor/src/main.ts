import { createLogger, errorFields, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadConfig } from './env';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await runService(AppModule.forRoot(process.env), { port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // A setting or configuration Wazuh would refuse stops the executor, as it stops execd.
  createLogger('executor').error('executor stopped at boot', errorFields(error));
  process.exit(1);
});
