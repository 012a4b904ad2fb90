import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { BusModule, SigningModule, TokenGuard } from '@riposte/bus';
import { ActiveResponseModule } from './active-response/active-response.module';
import { AgentsModule } from './agents/agents.module';
import { CoreModule } from './core.module';
import type { ControlApiEnv } from './env';
import { HealthModule } from './health/health.module';
import { ProblemFilter } from './http/problem.filter';
import { InventoryModule } from './inventory/inventory.module';
import { OpenApiModule } from './openapi/openapi.module';
import type { Clock } from '@riposte/contracts';
import { SimulateModule } from './simulate/simulate.module';
import { RedisModule } from '@riposte/store';

/** The control API: every route behind the token guard (unless public), errors as problem documents. */
@Module({})
export class AppModule {
  static forRoot(env: ControlApiEnv, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        BusModule.forRoot({ clientId: 'riposte-control-api', env: { ...env.raw, RIPOSTE_TOPIC_NAMESPACE: env.get('RIPOSTE_TOPIC_NAMESPACE') }, kafka: env.kafka }),
        SigningModule.forRoot(env.signingKey),
        RedisModule.forRoot({ connection: env.redis, prefix: env.get('RIPOSTE_REDIS_PREFIX') }),
        CoreModule.forRoot(env, clock),
        ActiveResponseModule,
        InventoryModule,
        AgentsModule,
        SimulateModule,
        HealthModule,
        OpenApiModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: TokenGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
