import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, healthChecks, HealthController, MetricsController, status } from '@riposte/bus';
import { type Clock } from '@riposte/contracts';
import { CoreModule } from './core.module';
import type { ExecutorConfig } from './env';
import { ExecutionModule } from './execution/execution.module';
import { EXECUTOR_ENV, type ExecutorEnv } from './env';
import { LocalStateStore } from './state/local-state.store';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { ReconcileService } from './reconcile/reconcile.service';

/** The executor of one agent host. `main.ts` validates the environment once (`loadConfig`); tests pass their own. */
@Module({})
export class AppModule {
  static forRoot(config: ExecutorConfig, env: NodeJS.ProcessEnv, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [BusModule.forRoot({ clientId: `riposte-executor-${config.agentId}`, env }), CoreModule.forRoot(config, clock), ExecutionModule],
      providers: [
        HeartbeatService,
        ReconcileService,
        // Alive, which agent, how many blocks it would undo.
        healthChecks([EXECUTOR_ENV, LocalStateStore], (env: ExecutorEnv, store: LocalStateStore) => ({
          agentId: status(() => env.get('agentId')),
          activeKeys: status(() => store.activeCount),
        })),
      ],
      controllers: [HealthController, MetricsController],
    };
  }
}
