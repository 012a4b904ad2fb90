import { Controller, Get, Inject } from '@nestjs/common';
import type { AgentItem, AgentList } from '@riposte/contracts';
import { RedisAgentRegistry, type AgentView } from '@riposte/store';
import { withinScope, CurrentCaller, RequireRole, type Caller, CLOCK } from '@riposte/bus';
import { type Clock } from '@riposte/contracts';

export function toAgentItem(a: AgentView): AgentItem {
  return { id: a.id, name: a.name, os: a.os, version: a.version, lastSeen: new Date(a.lastSeen).toISOString(), status: a.status, active: a.active, arDisabled: a.arDisabled };
}

/** The registry of agents fed by executor heartbeats, limited to the token's agents. */
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly registry: RedisAgentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @RequireRole('read')
  async list(@CurrentCaller() caller: Caller): Promise<AgentList> {
    const agents = withinScope(caller, await this.registry.list(this.clock()), (a) => a.id).map(toAgentItem);
    return { data: { affected_items: agents, total_affected_items: agents.length }, message: 'All selected agents information was returned' };
  }
}
