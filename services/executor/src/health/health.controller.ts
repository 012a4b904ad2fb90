import { Controller, Get, Inject } from '@nestjs/common';
import { EXECUTOR_ENV, type ExecutorEnv } from '../env';
import { LocalStateStore } from '../state/local-state.store';

/** `GET /health`: alive, which agent, how many blocks it would undo. */
@Controller()
export class HealthController {
  constructor(
    @Inject(EXECUTOR_ENV) private readonly env: ExecutorEnv,
    private readonly store: LocalStateStore,
  ) {}

  @Get('health')
  health(): { status: 'ok'; agentId: string; activeKeys: number } {
    return { status: 'ok', agentId: this.env.get('agentId'), activeKeys: Object.keys(this.store.current.active).length };
  }
}
