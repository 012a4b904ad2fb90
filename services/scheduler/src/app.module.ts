import { Module } from '@nestjs/common';
import { BusModule } from '@riposte/bus';
import { TimersModule } from './timers/timers.module';

@Module({ imports: [BusModule.forRoot({ clientId: 'riposte-scheduler' }), TimersModule] })
export class AppModule {}
