import { BadRequestException, ConflictException, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { CLOCK } from '@riposte/bus';
import { isAgentId, type Clock } from '@riposte/contracts';
import { RedisTimerStore, type TimerView } from '@riposte/store';
import { TimerFiringService } from './timer-firing.service';

export const ACTOR_HEADER = 'x-riposte-actor';

/** Operators' HTTP surface: pending timers, fire now. Translates and delegates. */
@Controller()
export class SchedulerController {
  constructor(
    private readonly store: RedisTimerStore,
    private readonly firing: TimerFiringService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `GET /timers?agent=001&key=firewall-drop-10.0.0.7&response=firewall-drop600` */
  @Get('timers')
  async list(@Query('agent') agent?: string, @Query('key') rkey?: string, @Query('response') arName?: string): Promise<{ total: number; items: TimerView[] }> {
    if (agent !== undefined) validAgentId(agent);
    const items = await this.store.list({ agentId: agent, rkey, arName }, this.clock());
    return { total: items.length, items };
  }

  @Post('timers/:agentId/:rkey/fire')
  @HttpCode(200)
  async fire(@Param('agentId') agentId: string, @Param('rkey') rkey: string, @Headers(ACTOR_HEADER) actor?: string): Promise<{ fired: true; agentId: string; rkey: string }> {
    validAgentId(agentId);
    if (!actor) throw new BadRequestException(`header ${ACTOR_HEADER} is required (who fires the timer, for the audit)`);
    const result = await this.firing.fireNow(agentId, rkey, actor);
    if (result === 'missing') throw new NotFoundException(`no pending timer for agent ${agentId} and key ${rkey}`);
    if (result === 'busy') throw new ConflictException(`the timer for agent ${agentId} and key ${rkey} is being fired right now`);
    return { fired: true, agentId, rkey };
  }
}

function validAgentId(id: string): void {
  if (!isAgentId(id)) throw new BadRequestException(`'${id}' is not an agent id (3 to 8 digits)`);
}
