import type { Topics } from '@riposte/contracts';

/** One ALLOW rule: `principal` may `operation` on the topic or group `name` (the exact name, or every name it prefixes). */
export interface AclRule {
  readonly principal: string;
  readonly resource: 'topic' | 'group';
  readonly name: string;
  readonly pattern: 'literal' | 'prefixed';
  readonly operation: 'read' | 'write';
}

/** The services that issue commands to agents. */
export const COMMAND_ISSUERS = ['matcher', 'control-api', 'scheduler'] as const;

/** The SCRAM user an agent's executor logs in as. */
export function agentPrincipal(agentId: string): string {
  return `agent-${agentId}`;
}

/**
 * Every role's ACLs for one namespace (deploy/kafka-acls.sh; the table is in deploy/kafka-local/README.md). Least
 * privilege: READ and WRITE imply DESCRIBE, WRITE on a topic also admits the idempotent producer, and nothing grants
 * CREATE (on the cluster or a topic): only the super user `admin` creates topics. Consumer group names are the
 * services' own (`services/*\/src/**\/*.consumer.ts`).
 */
export function aclPlan(t: Topics, agentIds: readonly string[]): AclRule[] {
  const ns = t.namespace;
  const rules: AclRule[] = [];
  const allow = (principal: string, operation: AclRule['operation'], resource: AclRule['resource'], names: readonly string[], pattern: AclRule['pattern'] = 'literal') => {
    for (const name of names) rules.push({ principal: `User:${principal}`, resource, name, pattern, operation });
  };

  allow('alert-ingest', 'read', 'topic', [t.rawAlerts]);
  allow('alert-ingest', 'read', 'group', [`${ns}.alert-ingest`]);
  allow('alert-ingest', 'write', 'topic', [t.alerts, t.dlq(t.rawAlerts), t.dlq(t.alerts)]);

  // The issuers send to every agent: WRITE on the command-topic prefix (which also covers each `<exec>.dlq`).
  const issue = (issuer: (typeof COMMAND_ISSUERS)[number]) => {
    allow(issuer, 'write', 'topic', [t.execPrefix], 'prefixed');
    allow(issuer, 'write', 'topic', [t.audit]);
  };
  issue('matcher');
  allow('matcher', 'read', 'topic', [t.alerts, t.agents]);
  allow('matcher', 'read', 'group', [`${ns}.matcher`, `${ns}.registry`]);
  allow('matcher', 'write', 'topic', [t.dlq(t.alerts), t.dlq(t.agents)]);
  issue('control-api');
  issue('scheduler');
  allow('scheduler', 'read', 'topic', [t.timers]);
  allow('scheduler', 'read', 'group', [`${ns}.scheduler`]);
  allow('scheduler', 'write', 'topic', [t.dlq(t.timers)]);

  // An operator follows the audit (`riposte tail audit`, one random `riposte-tail-*` group per run).
  allow('operator', 'read', 'topic', [t.audit]);
  allow('operator', 'read', 'group', ['riposte-tail-'], 'prefixed');

  for (const id of agentIds) {
    // An agent reads only its own command topic, in its own group; it never writes a command topic.
    const own = t.exec(id);
    allow(agentPrincipal(id), 'read', 'topic', [own]);
    allow(agentPrincipal(id), 'read', 'group', [`${ns}.executor.${id}`]);
    allow(agentPrincipal(id), 'write', 'topic', [t.agents, t.timers, t.audit, t.dlq(own)]);
  }
  return rules;
}
