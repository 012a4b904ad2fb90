import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, SigningModule } from '@riposte/bus';
import type { MatcherEnv } from './env';
import { HealthModule } from './health/health.module';
import { MatchingModule } from './matching/matching.module';
import { PolicyModule } from './policy/policy.module';
import { RegistryModule } from './registry/registry.module';
import { RuntimeModule } from './runtime/runtime.module';
import { RedisModule } from '@riposte/store';

/** The matcher. The environment comes in as an argument, so tests boot it with their own namespace and prefix. */
@Module({})
export class AppModule {
  static forRoot(env: MatcherEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        BusModule.forRoot({ clientId: 'riposte-matcher', env: env.raw, kafka: env.kafka }),
        SigningModule.forRoot(env.signingKey),
        RedisModule.forRoot({ connection: env.redis, prefix: env.get('RIPOSTE_REDIS_PREFIX') }),
        RuntimeModule.forRoot(env),
        PolicyModule,
        RegistryModule,
        MatchingModule,
        HealthModule,
      ],
    };
  }
}
