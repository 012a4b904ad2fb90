import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { RegistryModule } from '../registry/registry.module';
import { AlertConsumer } from './alert.consumer';
import { ExecTopics } from '@riposte/bus';

/** Alerts in, per-agent commands and audit events out. */
@Module({
  imports: [PolicyModule, RegistryModule],
  providers: [AlertConsumer, ExecTopics],
})
export class MatchingModule {}
