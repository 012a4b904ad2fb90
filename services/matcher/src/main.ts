import { runMain, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadEnv } from './env';

runMain('matcher', async () => {
  const env = loadEnv(process.env);
  await runService(AppModule.forRoot(env), { port: env.get('MATCHER_PORT'), host: env.get('MATCHER_HOST'), tls: env.tls });
});
