import type { ArMessage } from '@riposte/contracts';

export interface MessageOptions {
  readonly command?: string;
  readonly data?: Record<string, unknown>;
  readonly alert?: Record<string, unknown>;
  readonly extraArgs?: unknown[];
  readonly program?: string;
}

/** A message as execd writes it to a script (spec §3.2 step 4), with an sshd-like alert. */
export function aMessage(options: MessageOptions = {}): ArMessage {
  const alert = options.alert ?? {
    timestamp: '2022-05-11T12:29:19.905+0000',
    rule: { level: 10, description: 'sshd: brute force trying to get access to the system. Non existent user.', id: '5712' },
    agent: { id: '000', name: 'localhost.localdomain' },
    id: '1652272159.1549653',
    full_log: 'May 11 12:29:18 localhost sshd[17584]: Invalid user paco from 172.17.1.1 port 56404',
    data: options.data ?? { srcip: '172.17.1.1', srcuser: 'paco' },
    location: '/var/log/secure',
  };
  return {
    version: 1,
    origin: { name: 'node01', module: 'wazuh-execd' },
    command: options.command ?? 'add',
    parameters: { extra_args: (options.extraArgs ?? []) as string[], alert, program: options.program ?? 'active-response/bin/firewall-drop' },
  };
}

/** The same message with `data.srcip` set. */
export const withSrcip = (srcip: unknown, command = 'add') => aMessage({ command, data: { srcip } });
/** The same message with `data.dstuser` set. */
export const withDstuser = (dstuser: unknown, command = 'add') => aMessage({ command, data: { dstuser } });
