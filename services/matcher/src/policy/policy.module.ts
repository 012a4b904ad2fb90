import { Module } from '@nestjs/common';
import { PolicyProvider } from './policy.provider';

/** The ossec.conf in force, reloaded when the file changes. */
@Module({ providers: [PolicyProvider], exports: [PolicyProvider] })
export class PolicyModule {}
