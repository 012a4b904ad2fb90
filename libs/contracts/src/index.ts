export * from './errors';
export * from './validate';
export * from './topics';
export * from './envelope';
export * from './outgoing-message';
export * from './delete-command';
export * from './agent-id';
export * from './assert-never';
export * from './clock';
export * from './group-ids';
export * from './control-chars';
export * from './input-limits';
export * as AlertV1 from './alert.v1';
export type { Alert } from './alert.v1';
export * as ArMessageV1 from './ar-message.v1';
export type { ArMessage, CheckKeys } from './ar-message.v1';
export * as TimerRequestV1 from './timer-request.v1';
export type { TimerRequest, Schedule, Trigger } from './timer-request.v1';
export * as AgentHeartbeatV1 from './agent-heartbeat.v1';
export type { AgentHeartbeat } from './agent-heartbeat.v1';
export * as AuditEventV1 from './audit-event.v1';
export type { AuditEvent, AuditType } from './audit-event.v1';
export * as ExecCommandV1 from './exec-command.v1';
export type { Resolution } from './exec-command.v1';
export * from './signing';
export * as ControlApiV1 from './control-api.v1';
export type {
  Problem,
  AgentItem,
  AgentList,
  AgentKeyBody,
  AgentKeyResult,
  AgentKeyView,
  AgentKeyRevoked,
  ActiveResponseItem,
  ActiveResponseList,
  UnblockResult,
  WazuhFailedItem,
  TriggerResult,
  ResponseLine,
  ResponseList,
  SimulateResult,
} from './control-api.v1';
