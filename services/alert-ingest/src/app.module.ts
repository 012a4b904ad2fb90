import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, MetricsController } from '@riposte/bus';
import { CLOCK, type Clock } from './clock';
import { IngestConfig } from './env';
import { AlertsFileTailer } from './file/alerts-file.tailer';
import { FilePositionStore } from './file/file-position.store';
import { AlertsController } from './http/alerts.controller';
import { HealthController } from './http/health.controller';
import { HttpIngest } from './http/http-ingest.service';
import { rawAlertsBodyProvider } from './http/raw-alerts-body';
import { IngestTopics } from './kafka/ingest-topics';
import { RawAlertConsumer } from './kafka/raw-alert.consumer';
import { AlertPublisher } from './publish/alert-publisher';
import { IngestKeys } from './redis/ingest-keys';
import { RedisLifecycle, redisProvider } from './redis/redis.provider';

/**
 * alert-ingest: three inputs (the raw alerts topic, `POST /alerts`, the `alerts.json` tail), one output (the
 * alerts topic, bad input to dead letters). `forRoot` takes the validated config so tests can build their own.
 */
@Module({})
export class AppModule {
  static forRoot(config: IngestConfig, opts: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [BusModule.forRoot({ clientId: 'alert-ingest', env: config.source })],
      controllers: [AlertsController, HealthController, MetricsController],
      providers: [
        { provide: IngestConfig, useValue: config },
        { provide: CLOCK, useValue: opts.clock ?? Date.now },
        { provide: IngestKeys, useFactory: () => new IngestKeys(config.get('RIPOSTE_REDIS_PREFIX')) },
        redisProvider,
        RedisLifecycle,
        IngestTopics,
        AlertPublisher,
        RawAlertConsumer,
        HttpIngest,
        rawAlertsBodyProvider,
        FilePositionStore,
        AlertsFileTailer,
      ],
    };
  }
}
