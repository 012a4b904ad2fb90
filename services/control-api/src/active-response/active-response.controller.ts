import { Body, Controller, Get, HttpCode, Put, Query } from '@nestjs/common';
import { outsideScope, CurrentCaller, RequireRole, hasRole, type Caller } from '@riposte/bus';
import { badRequest, forbidden } from '../http/problem.filter';
import type { ResponseList, TriggerResult } from '@riposte/contracts';
import { arConfEntries } from '@riposte/policy';
import { PolicyProvider } from '../policy/policy.provider';
import { ManualTriggerService } from './manual-trigger.service';
import { parseAgentsList, parseTriggerBody } from './trigger-body';

/** Wazuh's `PUT /active-response`, and the ar.conf table behind it. */
@Controller('active-response')
export class ActiveResponseController {
  constructor(
    private readonly trigger: ManualTriggerService,
    private readonly policy: PolicyProvider,
  ) {}

  /**
   * Needs `trigger`; a custom `!script` (any executable, no ar.conf entry) needs `admin`. Every named agent must be
   * in the token's scope, else 403 and nothing is sent.
   */
  @Put()
  @HttpCode(200)
  @RequireRole('trigger')
  async run(@CurrentCaller() caller: Caller, @Query('agents_list') agentsList: unknown, @Body() raw: unknown): Promise<TriggerResult> {
    const list = parseAgentsList(agentsList);
    if (!list.ok) throw badRequest(list.issues);
    const body = parseTriggerBody(raw);
    if (!body.ok) throw badRequest(body.issues);
    if (body.value.command.startsWith('!') && !hasRole(caller.role, 'admin')) throw forbidden(`Permission denied: custom scripts ('${body.value.command}') need the admin role`);
    const outside = list.value ? outsideScope(caller, list.value) : [];
    if (outside.length > 0) throw forbidden(`Permission denied: the token may not act on agent(s) ${outside.join(', ')}`);
    return this.trigger.run(caller, list.value, body.value);
  }

  /** The ar.conf table in force (built-in lines first), for `riposte run -L`. */
  @Get('responses')
  @RequireRole('read')
  responses(): ResponseList {
    const lines = arConfEntries(this.policy.current()).map((e) => ({ name: e.name, executable: e.executable, timeoutSeconds: e.timeout }));
    return { data: { affected_items: lines, total_affected_items: lines.length } };
  }
}
