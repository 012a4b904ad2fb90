/**
 * The Wazuh API error codes a manual trigger can fail with, and their texts exactly as Wazuh 4.14 writes them
 * (framework/wazuh/core/exception.py; DOCU_VERSION 4.14).
 */
export const WAZUH_ERRORS = {
  1650: { message: 'Active response - Command not specified' },
  1652: {
    message: 'The command used is not defined in the configuration.',
    remediation:
      'Please, visit the official documentation (https://documentation.wazuh.com/4.14/user-manual/capabilities/active-response/how-to-configure.html)to get more information',
  },
  1701: { message: 'Agent does not exist', remediation: 'Please, use `GET /agents?select=id,name` to find all available agents' },
  1703: {
    message: 'Action not available for Manager (agent 000)',
    remediation: 'Please, use `GET /agents?select=id,name` to find all available agents and make sure you select an agent other than 000',
  },
  1707: {
    message: 'Cannot send request, agent is not active',
    remediation:
      'Please, check non-active agents connection and try again. Visit https://documentation.wazuh.com/4.14/user-manual/registering/index.html and https://documentation.wazuh.com/4.14/user-manual/agents/agent-connection.html to obtain more information on registering and connecting agents',
  },
  1750: {
    message: 'Could not send restart command, active-response is disabled in the agent',
    remediation: "You can activate it in agents' `WAZUH_HOME/etc/ossec.conf`",
  },
} as const satisfies Record<number, { message: string; remediation?: string }>;

export type WazuhErrorCode = keyof typeof WAZUH_ERRORS;
