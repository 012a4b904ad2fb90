import { runMain, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadEnv } from './env';

runMain('control-api', async () => {
  const env = loadEnv(process.env);
  await runService(AppModule.forRoot(env), { port: env.get('CONTROL_API_PORT'), host: env.get('CONTROL_API_HOST'), name: 'control-api', tls: env.tls });
});
