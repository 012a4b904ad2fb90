import { Controller, Get, Inject } from '@nestjs/common';
import type { AgentItem, AgentList } from '@riposte/contracts';
import { RedisAgentKeyStore, RedisAgentRegistry, type AgentView, type EnrolledKey } from '@riposte/store';
import { withinScope, CurrentCaller, RequireRole, type Caller, CLOCK } from '@riposte/bus';
import { type Clock } from '@riposte/contracts';

export function toAgentItem(a: AgentView, key?: EnrolledKey): AgentItem {
  return {
    id: a.id,
    name: a.name,
    os: a.os,
    version: a.version,
    lastSeen: new Date(a.lastSeen).toISOString(),
    status: a.status,
    active: a.active,
    arDisabled: a.arDisabled,
    enrolled: key !== undefined,
    ...(key && { keyId: key.keyId }),
  };
}

/** The registry of agents fed by executor heartbeats, limited to the token's agents, with their enrolment. */
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly registry: RedisAgentRegistry,
    private readonly keys: RedisAgentKeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @RequireRole('read')
  async list(@CurrentCaller() caller: Caller): Promise<AgentList> {
    const [views, enrolled] = await Promise.all([this.registry.list(this.clock()), this.keys.all()]);
    const byAgent = new Map(enrolled.map((k) => [k.agentId, k]));
    const agents = withinScope(caller, views, (a) => a.id).map((a) => toAgentItem(a, byAgent.get(a.id)));
    return { data: { affected_items: agents, total_affected_items: agents.length }, message: 'All selected agents information was returned' };
  }
}
