import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_FAILURES, BusAdmin, BusModule, CLOCK, dependency, healthChecks, loadTokensFile, TOKEN_TABLE, TokenGuard, status } from '@riposte/bus';
import { systemClock, type Clock } from '@riposte/contracts';
import { IngestConfig } from './env';
import { AlertsFileTailer } from './file/alerts-file.tailer';
import { FilePositionStore } from './file/file-position.store';
import { AlertsController } from './http/alerts.controller';
import { PublicHealthController, PublicMetricsController } from './http/public.controllers';
import { HttpIngest } from './http/http-ingest.service';
import { RawAlertsBodyMiddleware } from './http/raw-alerts-body';
import { RequestGate } from './http/request-gate';
import { IngestTopics } from './kafka/ingest-topics';
import { RawAlertConsumer } from './kafka/raw-alert.consumer';
import { AlertPublisher } from './publish/alert-publisher';
import { authFailures } from './publish/ingest-metrics';
import { RedisModule } from '@riposte/store';

/**
 * alert-ingest: three inputs (the raw alerts topic, `POST /alerts`, the `alerts.json` tail), one output (the
 * alerts topic, bad input to dead letters). `forRoot` takes the validated config so tests can build their own.
 * Boot it with `bodyParser: false`: `POST /alerts` reads its body itself (`RawAlertsBodyMiddleware`). Every route
 * but `/health` and `/metrics` needs a bearer token of `INGEST_TOKENS_FILE` (`TokenGuard`, role ingest).
 */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: IngestConfig, opts: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        BusModule.forRoot({ clientId: 'alert-ingest', env: config.source, kafka: config.kafka }),
        // Lazy: only the tailer sends commands, so a service without ALERTS_JSON_PATH never needs Redis.
        RedisModule.forRoot({ connection: config.redis, prefix: config.get('RIPOSTE_REDIS_PREFIX'), lazyConnect: true }),
      ],
      controllers: [AlertsController, PublicHealthController, PublicMetricsController],
      providers: [
        { provide: IngestConfig, useValue: config },
        { provide: CLOCK, useValue: opts.clock ?? systemClock },
        { provide: TOKEN_TABLE, useFactory: () => loadTokensFile(config.get('INGEST_TOKENS_FILE'), 'INGEST_TOKENS_FILE') },
        { provide: AUTH_FAILURES, useValue: authFailures },
        { provide: APP_GUARD, useClass: TokenGuard },
        IngestTopics,
        AlertPublisher,
        RawAlertConsumer,
        HttpIngest,
        RequestGate,
        FilePositionStore,
        AlertsFileTailer,
        // Redis is not probed: only the file input uses it, and its status says whether it is failing.
        healthChecks([BusAdmin, AlertsFileTailer], (admin: BusAdmin, tailer: AlertsFileTailer) => ({ kafka: dependency(() => admin.probe()), file: status(() => tailer.status()) })),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RawAlertsBodyMiddleware).forRoutes({ path: 'alerts', method: RequestMethod.POST });
  }
}
