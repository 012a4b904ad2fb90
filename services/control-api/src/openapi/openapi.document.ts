/**
 * The OpenAPI 3.1 description of the control API, written by hand (no decorators to keep in sync with a generator).
 * `openapi.document.spec.ts` checks that every route the app serves is described here.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, ...json(ref('Problem')) });
const items = (item: unknown) => ({
  type: 'object',
  properties: {
    data: { type: 'object', properties: { affected_items: { type: 'array', items: item }, total_affected_items: { type: 'integer' } }, required: ['affected_items', 'total_affected_items'] },
    message: { type: 'string' },
  },
  required: ['data'],
});
const secured = { security: [{ bearer: [] }] };
const denied = { '401': problem('No token, or an unknown one'), '403': problem('The token lacks the role, or the agent is outside its scope; nothing was sent') };
const agentPath = { name: 'id', in: 'path', required: true, description: 'The agent id', schema: { type: 'string', pattern: '^\\d{3,8}$' } };
const agentQuery = (description: string) => ({ name: 'agent', in: 'query', required: false, description, schema: { type: 'string', pattern: '^\\d{3,8}$' } });

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Riposte control API',
    version: '1.0.0',
    description:
      'Manual trigger (Wazuh-compatible `PUT /active-response`), the inventory of active responses, early unblock, the agent registry, agent enrolment and policy simulation. Bearer tokens from the configuration carry a role: read ⊂ trigger ⊂ admin.',
  },
  servers: [{ url: 'http://127.0.0.1:55000' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: {
        type: 'object',
        properties: { title: { type: 'string' }, detail: { type: 'string' }, error: { type: 'integer', description: '4000 = permission denied' } },
        required: ['title', 'detail'],
      },
      ActiveResponseBody: {
        type: 'object',
        additionalProperties: false,
        properties: {
          command: { type: 'string', description: 'An ar.conf name such as `firewall-drop600`, or `!<script>` (admin) for any executable in active-response/bin with timeout 0' },
          arguments: { type: 'array', items: { type: 'string' }, description: 'Sent as `parameters.extra_args`' },
          alert: { type: 'object', description: 'Sent as `parameters.alert`, e.g. `{"data":{"srcip":"1.2.3.4"}}`' },
        },
        required: ['command'],
      },
      WazuhItemsResult: {
        type: 'object',
        properties: {
          data: {
            type: 'object',
            properties: {
              affected_items: { type: 'array', items: { type: 'string' } },
              total_affected_items: { type: 'integer' },
              total_failed_items: { type: 'integer' },
              failed_items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    error: { type: 'object', properties: { code: { type: 'integer', enum: [1650, 1652, 1701, 1703, 1707, 1750] }, message: { type: 'string' }, remediation: { type: 'string' } }, required: ['code', 'message'] },
                    id: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          message: { type: 'string', enum: ['AR command was sent to all agents', 'AR command was not sent to some agents', 'AR command was not sent to any agent'] },
          error: { type: 'integer', enum: [0, 1, 2], description: '0 complete, 1 failed, 2 partial' },
        },
      },
      ActiveResponse: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'url-safe base64 of `<agentId>:<rkey>`, for DELETE' },
          agentId: { type: 'string' },
          response: { type: 'string', description: 'ar.conf name' },
          rkey: { type: 'string' },
          keys: { type: 'array', items: { type: 'string' } },
          started: { type: 'string', format: 'date-time' },
          expires: { type: 'string', format: 'date-time' },
          remainingSeconds: { type: 'integer' },
          timeoutSeconds: { type: 'integer' },
          trigger: { type: 'object', properties: { alertId: { type: 'string' }, ruleId: { type: 'string' }, actor: { type: 'string' } } },
          traceId: { type: 'string' },
        },
      },
      Agent: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          os: { type: 'string' },
          version: { type: 'string' },
          lastSeen: { type: 'string', format: 'date-time' },
          status: { type: 'string', enum: ['online', 'stopping'] },
          active: { type: 'boolean' },
          arDisabled: { type: 'boolean' },
          enrolled: { type: 'boolean', description: 'An admin enrolled its public key (PUT /agents/{id}/key); without one it gets no command' },
          keyId: { type: 'string', description: 'The enrolled key id, when enrolled' },
        },
        required: ['id', 'name', 'os', 'version', 'lastSeen', 'status', 'active', 'arDisabled', 'enrolled'],
      },
      AgentKeyBody: {
        type: 'object',
        additionalProperties: false,
        properties: { publicKeyPem: { type: 'string', maxLength: 4096, description: 'The Ed25519 public key in SPKI PEM (`-----BEGIN PUBLIC KEY-----`), as the executor writes it to `EXECUTOR_KEY_FILE.pub`; a private key is refused' } },
        required: ['publicKeyPem'],
      },
      AgentKeyResult: {
        type: 'object',
        properties: {
          agentId: { type: 'string' },
          keyId: { type: 'string', description: 'What the agent signatures name: the first 16 hex of sha256(SPKI DER)' },
          enrolledAt: { type: 'string', format: 'date-time' },
          enrolledBy: { type: 'string', description: 'The admin token name' },
          replacedKeyId: { type: 'string', description: 'The key this one replaced (a rotation)' },
        },
        required: ['agentId', 'keyId', 'enrolledAt', 'enrolledBy'],
      },
      AgentKey: {
        type: 'object',
        properties: { agentId: { type: 'string' }, keyId: { type: 'string' }, enrolledAt: { type: 'string', format: 'date-time' }, enrolledBy: { type: 'string' }, publicKeyPem: { type: 'string' } },
        required: ['agentId', 'keyId', 'enrolledAt', 'enrolledBy', 'publicKeyPem'],
      },
      AgentKeyRevoked: {
        type: 'object',
        properties: { agentId: { type: 'string' }, keyId: { type: 'string' }, revokedAt: { type: 'string', format: 'date-time' }, revokedBy: { type: 'string' } },
        required: ['agentId', 'keyId', 'revokedAt', 'revokedBy'],
      },
      ResponseLine: { type: 'object', properties: { name: { type: 'string' }, executable: { type: 'string' }, timeoutSeconds: { type: 'integer' } } },
      Decision: {
        type: 'object',
        description: 'The policy decision (`decide()`): dispatches with their Wazuh messages, suppressions with reasons, explanations per block',
        properties: {
          ruleId: { type: 'string' },
          level: { type: 'integer' },
          agentId: { type: 'string' },
          groupString: { type: 'string' },
          dispatches: { type: 'array', items: { type: 'object' } },
          suppressions: { type: 'array', items: { type: 'object' } },
          explanations: { type: 'array', items: { type: 'object' } },
          activeAgents: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  paths: {
    '/active-response': {
      put: {
        ...secured,
        summary: 'Run an active response on agents (Wazuh API semantics, role trigger)',
        parameters: [{ name: 'agents_list', in: 'query', required: false, description: 'Comma list of agent ids; default all agents except 000', schema: { type: 'string' } }],
        requestBody: { required: true, ...json(ref('ActiveResponseBody')) },
        responses: { '200': { description: 'Sent and failed agents with Wazuh reasons', ...json(ref('WazuhItemsResult')) }, '400': problem('Invalid body or agents_list'), ...denied },
      },
    },
    '/active-response/responses': {
      get: { ...secured, summary: 'The ar.conf table in force (role read)', responses: { '200': { description: 'ar.conf lines', ...json(items(ref('ResponseLine'))) }, ...denied } },
    },
    '/active-responses': {
      get: {
        ...secured,
        summary: 'Active stateful responses, soonest expiry first (role read; limited to the token’s agents)',
        parameters: [
          agentQuery('Only this agent'),
          { name: 'key', in: 'query', required: false, description: 'The rkey or one of its keys (e.g. an IP)', schema: { type: 'string' } },
          { name: 'response', in: 'query', required: false, description: 'ar.conf name', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'Active responses', ...json(items(ref('ActiveResponse'))) }, ...denied },
      },
      delete: {
        ...secured,
        summary: 'Lift every active response of an agent matching a key now (role trigger)',
        parameters: [{ ...agentQuery('The agent'), required: true }, { name: 'key', in: 'query', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Lifted: deletes sent, timers gone, audited', ...json(items(ref('ActiveResponse'))) },
          '400': problem('agent or key missing'),
          '404': problem('No such active response'),
          '409': problem('The scheduler is sending its delete right now'),
          ...denied,
        },
      },
    },
    '/active-responses/{id}': {
      delete: {
        ...secured,
        summary: 'Lift one active response now (role trigger)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Lifted: delete sent, timer gone, audited', ...json(items(ref('ActiveResponse'))) },
          '400': problem('Not an active response id'),
          '404': problem('No such active response'),
          '409': problem('The scheduler is sending its delete right now'),
          ...denied,
        },
      },
    },
    '/agents': {
      get: { ...secured, summary: 'The agent registry with each agent’s enrolment (role read; limited to the token’s agents)', responses: { '200': { description: 'Agents', ...json(items(ref('Agent'))) }, ...denied } },
    },
    '/agents/{id}/key': {
      put: {
        ...secured,
        summary: 'Enrol the agent’s public key, or replace it (role admin; audited as agent.enrolled)',
        parameters: [agentPath],
        requestBody: { required: true, ...json(ref('AgentKeyBody')) },
        responses: { '200': { description: 'Enrolled: from now on its signed heartbeats and timer requests count, and it gets commands', ...json(ref('AgentKeyResult')) }, '400': problem('Not an agent id, or not an Ed25519 public key (a private key is refused)'), ...denied },
      },
      delete: {
        ...secured,
        summary: 'Revoke the agent’s key (role admin; audited as agent.revoked): it gets no command and what it says is dropped',
        parameters: [agentPath],
        responses: { '200': { description: 'Revoked', ...json(ref('AgentKeyRevoked')) }, '400': problem('Not an agent id'), '404': problem('No key enrolled for the agent'), ...denied },
      },
      get: {
        ...secured,
        summary: 'The agent’s enrolled key (role read)',
        parameters: [agentPath],
        responses: { '200': { description: 'The enrolled key', ...json(ref('AgentKey')) }, '400': problem('Not an agent id'), '404': problem('No key enrolled for the agent'), ...denied },
      },
    },
    '/simulate': {
      post: {
        ...secured,
        summary: 'The policy decision for an alert, without side effects (role read)',
        parameters: [{ name: 'all', in: 'query', required: false, description: 'Explain every response block, not only the bound ones', schema: { type: 'boolean' } }],
        requestBody: { required: true, ...json({ type: 'object', description: 'A Wazuh alert as alerts.json carries it' }) },
        responses: { '200': { description: 'Decision', ...json({ type: 'object', properties: { data: ref('Decision') } }) }, '400': problem('Not a valid alert'), ...denied },
      },
    },
    '/health': {
      get: {
        summary: 'Kafka, Redis and the policy (no token)',
        responses: { '200': { description: 'All dependencies answer', ...json({ type: 'object' }) }, '503': { description: 'A dependency does not answer', ...json({ type: 'object' }) } },
      },
    },
    '/metrics': {
      get: { summary: 'Prometheus metrics (no token)', responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
    '/openapi.json': {
      get: { summary: 'This document (no token)', responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } } },
    },
  },
} as const;
