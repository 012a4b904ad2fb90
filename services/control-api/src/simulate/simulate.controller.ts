import { Body, Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { AlertV1, type Clock, type SimulateResult } from '@riposte/contracts';
import { decide } from '@riposte/policy';
import { RedisAgentRegistry } from '@riposte/store';
import { RequireRole, CLOCK } from '@riposte/bus';
import { badRequest } from '../http/problem.filter';
import { PolicyProvider } from '../policy/policy.provider';

/**
 * `POST /simulate`: what the matcher would decide for the posted alert (dispatches with their Wazuh messages,
 * suppressions and why, an explanation per bound block — every block with `?all=true`), against the policy in
 * force and the agents active now. Nothing is published.
 */
@Controller('simulate')
export class SimulateController {
  constructor(
    private readonly policy: PolicyProvider,
    private readonly registry: RedisAgentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireRole('read')
  async simulate(@Body() raw: unknown, @Query('all') all?: string): Promise<SimulateResult> {
    if (all !== undefined && all !== 'true' && all !== 'false') throw badRequest(['all: must be true or false']);
    const alert = AlertV1.parse(raw); // a ContractViolationError becomes 400 naming each bad field
    const activeAgents = await this.registry.activeAgentIds(this.clock());
    return { data: { ...decide(alert, this.policy.current(), activeAgents, { explainAll: all === 'true' }), activeAgents } };
  }
}
