import { Controller, Module } from '@nestjs/common';
import { MetricsController } from '@riposte/bus';
import { Public } from '../auth/roles.decorator';
import { HealthController } from './health.controller';

/** `GET /metrics` without a token, like `/health`: Prometheus scrapes it and the counters carry no secrets. */
@Controller()
@Public()
export class PublicMetricsController extends MetricsController {}

@Module({ controllers: [HealthController, PublicMetricsController] })
export class HealthModule {}
