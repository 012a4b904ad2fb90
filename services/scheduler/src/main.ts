import { runService } from '@riposte/bus';
import { AppModule } from './app.module';
import { loadSchedulerEnv } from './env';

const env = loadSchedulerEnv();
void runService(AppModule, { port: env.get('port'), host: env.get('host'), name: 'scheduler' });
