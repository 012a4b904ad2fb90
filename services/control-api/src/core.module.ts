import { Global, Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { AUTH_FAILURES, BusAdmin, CLOCK, TOKEN_TABLE, TOPICS } from '@riposte/bus';
import { type Clock, systemClock, type Topics } from '@riposte/contracts';
import { loadTokens } from './auth/load-tokens';
import { ControlApiEnv } from './env';
import { controlApiMetrics } from './metrics';
import { PolicyProvider } from './policy/policy.provider';

/** Creates the audit topic before the listener opens (the exec topics are created per agent on first use). */
@Injectable()
class AuditTopic implements OnModuleInit {
  constructor(
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly admin: BusAdmin,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.admin.ensureTopics([{ topic: this.topics.audit }]);
  }
}

/** The validated environment, the clock, the bearer tokens and the policy, for every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(env: ControlApiEnv, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ControlApiEnv, useValue: env },
        { provide: CLOCK, useValue: clock },
        { provide: TOKEN_TABLE, useFactory: () => loadTokens(env) },
        { provide: AUTH_FAILURES, useValue: controlApiMetrics.authFailures },
        PolicyProvider,
        AuditTopic,
      ],
      exports: [ControlApiEnv, CLOCK, TOKEN_TABLE, AUTH_FAILURES, PolicyProvider],
    };
  }
}
