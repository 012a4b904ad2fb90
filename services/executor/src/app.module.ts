import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, MetricsController } from '@riposte/bus';
import { type Clock } from '@riposte/contracts';
import { CoreModule } from './core.module';
import { loadConfig } from './env';
import { ExecutionModule } from './execution/execution.module';
import { HealthController } from './health/health.controller';
import { HeartbeatService } from './heartbeat/heartbeat.service';

/** The executor of one agent host. `forRoot(env)` validates the environment once; tests pass their own. */
@Module({})
export class AppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env, clock?: Clock): DynamicModule {
    const config = loadConfig(env);
    return {
      module: AppModule,
      imports: [BusModule.forRoot({ clientId: `riposte-executor-${config.agentId}`, env }), CoreModule.forRoot(config, clock), ExecutionModule],
      providers: [HeartbeatService],
      controllers: [HealthController, MetricsController],
    };
  }
}
