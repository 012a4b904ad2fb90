import { runMain, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadConfig } from './env';

// A setting or configuration Wazuh would refuse stops the executor, as it stops execd.
runMain('executor', async () => {
  const config = loadConfig(process.env);
  await runService(AppModule.forRoot(config, process.env), { port: config.port, host: config.host, tls: config.tls });
});
