import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { mayActOn, CurrentCaller, RequireRole, type Caller } from '@riposte/bus';
import { ControlApiV1, isAgentId, type AgentKeyResult, type AgentKeyRevoked, type AgentKeyView } from '@riposte/contracts';
import { RedisAgentKeyStore } from '@riposte/store';
import { badRequest, forbidden, notFound } from '../http/problem.filter';
import { AgentEnrolmentService } from './agent-enrolment.service';

const iso = (ms: number) => new Date(ms).toISOString();

/** The agent id of the path, checked, and within the caller's scope (else 400 / 403 before anything is read). */
function targetAgent(caller: Caller, id: string): string {
  if (!isAgentId(id)) throw badRequest([`id: '${id}' is not an agent id such as 001`]);
  if (!mayActOn(caller, id)) throw forbidden(`Permission denied: the token may not act on agent ${id}`);
  return id;
}

/**
 * Agent enrolment (issue 10): the public key each executor signs its heartbeats and timer requests with. Changing
 * it needs `admin`; an agent without a key gets no command and is not listened to.
 */
@Controller('agents')
export class AgentKeyController {
  constructor(
    private readonly enrolment: AgentEnrolmentService,
    private readonly keys: RedisAgentKeyStore,
  ) {}

  /** Enrols the key, or replaces the one enrolled (rotation). The agent need not have announced itself yet. */
  @Put(':id/key')
  @HttpCode(200)
  @RequireRole('admin')
  async enrol(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() raw: unknown): Promise<AgentKeyResult> {
    const agentId = targetAgent(caller, id);
    const body = ControlApiV1.parseAgentKeyBody(raw);
    if (!body.ok) throw badRequest(body.issues);
    const { entry, replacedKeyId } = await this.enrolment.enrol(agentId, body.value, caller.name);
    return { agentId, keyId: entry.keyId, enrolledAt: iso(entry.enrolledAt), enrolledBy: entry.enrolledBy, ...(replacedKeyId && { replacedKeyId }) };
  }

  @Delete(':id/key')
  @RequireRole('admin')
  async revoke(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AgentKeyRevoked> {
    const agentId = targetAgent(caller, id);
    const revoked = await this.enrolment.revoke(agentId, caller.name);
    if (!revoked) throw notFound(`agent ${agentId} has no enrolled key`);
    return { agentId, keyId: revoked.keyId, revokedAt: iso(revoked.at), revokedBy: caller.name };
  }

  @Get(':id/key')
  @RequireRole('read')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AgentKeyView> {
    const agentId = targetAgent(caller, id);
    const entry = await this.keys.get(agentId);
    if (!entry) throw notFound(`agent ${agentId} has no enrolled key`);
    return { agentId, keyId: entry.keyId, enrolledAt: iso(entry.enrolledAt), enrolledBy: entry.enrolledBy, publicKeyPem: entry.publicKeyPem };
  }
}
