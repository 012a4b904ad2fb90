import { Module } from '@nestjs/common';
import { MetricsController } from '@riposte/bus';
import { PolicyModule } from '../policy/policy.module';
import { RegistryModule } from '../registry/registry.module';
import { HealthController } from './health.controller';

/** `GET /health` and `GET /metrics`. */
@Module({ imports: [PolicyModule, RegistryModule], controllers: [HealthController, MetricsController] })
export class HealthModule {}
