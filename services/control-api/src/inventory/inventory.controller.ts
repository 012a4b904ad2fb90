import { Controller, Delete, Get, HttpException, HttpStatus, Inject, Param, Query } from '@nestjs/common';
import { type ActiveResponseItem, type ActiveResponseList, type Clock, isAgentId, type UnblockResult } from '@riposte/contracts';
import { RedisTimerStore } from '@riposte/store';
import { mayActOn, withinScope, CurrentCaller, RequireRole, type Caller, CLOCK } from '@riposte/bus';
import { badRequest, forbidden, notFound } from '../http/problem.filter';
import { decodeItemId, matchesKey, toItem } from './active-response-view';
import { UnblockService } from './unblock.service';

const items = (list: ActiveResponseItem[], message: string): ActiveResponseList & UnblockResult => ({ data: { affected_items: list, total_affected_items: list.length }, message });

function oneValue(name: string, v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest([`${name}: give it once`]);
  return v;
}

/**
 * The inventory of active stateful responses (the scheduler's timers) and early unblock. Lifting needs `trigger`:
 * who may block an agent may also lift a block there (wazuh/wazuh#1491); the token's agent scope applies to both.
 */
@Controller('active-responses')
export class InventoryController {
  constructor(
    private readonly timers: RedisTimerStore,
    private readonly unblock: UnblockService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Filters: `agent`, `key` (rkey or one of its keys), `response` (ar.conf name). Soonest expiry first. */
  @Get()
  @RequireRole('read')
  async list(@CurrentCaller() caller: Caller, @Query() q: Record<string, unknown>): Promise<ActiveResponseList> {
    const [agentId, key, arName] = [oneValue('agent', q.agent), oneValue('key', q.key), oneValue('response', q.response)];
    const views = await this.timers.list({ agentId, arName }, this.clock());
    const visible = withinScope(caller, views, (v) => v.agentId).filter((v) => matchesKey(v, key));
    return items(visible.map(toItem), 'All selected active responses were returned');
  }

  @Delete(':id')
  @RequireRole('trigger')
  async liftById(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<UnblockResult> {
    const ref = decodeItemId(id);
    if (!ref) throw badRequest([`id: '${id}' is not an active response id`]);
    if (!mayActOn(caller, ref.agentId)) throw forbidden(`Permission denied: the token may not act on agent ${ref.agentId}`);
    const outcome = await this.unblock.lift(ref.agentId, ref.rkey, caller.name);
    if (outcome.status === 'missing') throw notFound(`no active response ${ref.rkey} on agent ${ref.agentId}`);
    if (outcome.status === 'busy') throw busy(ref.rkey, ref.agentId);
    return items([toItem(outcome.view)], 'Active response lifted: the delete was sent');
  }

  /** `DELETE /active-responses?agent=001&key=1.2.3.4`: lifts every active response of that agent matching the key. */
  @Delete()
  @RequireRole('trigger')
  async liftByKey(@CurrentCaller() caller: Caller, @Query() q: Record<string, unknown>): Promise<UnblockResult> {
    const [agentId, key] = [oneValue('agent', q.agent), oneValue('key', q.key)];
    if (!agentId || !key) throw badRequest(['agent and key are both required (or DELETE /active-responses/{id})']);
    if (!isAgentId(agentId)) throw badRequest([`agent: '${agentId}' is not an agent id such as 001`]);
    if (!mayActOn(caller, agentId)) throw forbidden(`Permission denied: the token may not act on agent ${agentId}`);
    const matching = (await this.timers.list({ agentId }, this.clock())).filter((v) => matchesKey(v, key));
    const lifted: ActiveResponseItem[] = [];
    let busyCount = 0;
    for (const v of matching) {
      const outcome = await this.unblock.lift(v.agentId, v.rkey, caller.name);
      if (outcome.status === 'lifted') lifted.push(toItem(outcome.view));
      else if (outcome.status === 'busy') busyCount++;
    }
    if (lifted.length === 0 && busyCount > 0) throw busy(key, agentId);
    if (lifted.length === 0) throw notFound(`no active response with key ${key} on agent ${agentId}`);
    return items(lifted, 'Active response lifted: the delete was sent');
  }
}

function busy(what: string, agentId: string): HttpException {
  return new HttpException(
    { title: 'Conflict', detail: `the scheduler is sending the delete of ${what} on agent ${agentId} right now (its timeout is up)` },
    HttpStatus.CONFLICT,
  );
}
