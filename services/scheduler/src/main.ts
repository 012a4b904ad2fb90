import { runMain, runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadSchedulerEnv } from './env';

runMain('scheduler', async () => {
  const env = loadSchedulerEnv(process.env);
  await runService(AppModule.forRoot(env), { port: env.get('port'), host: env.get('host'), name: 'scheduler', tls: env.get('tls') });
});
