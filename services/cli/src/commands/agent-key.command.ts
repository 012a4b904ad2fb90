/**
 * `riposte agents enroll <id> --key <file>` and `riposte agents revoke <id>`: an agent's public key, the one its
 * executor signs heartbeats and timer requests with (`PUT` / `DELETE /agents/{id}/key`, admin token).
 */
import { readFile } from 'node:fs/promises';
import { ControlApiV1, isAgentId } from '@riposte/contracts';
import { readFailure } from '../cli-io';
import { single } from '../command-line';
import { apiOptions, defineCommand, EXIT, EXITS_HELP, requestAndPrint, usageError, type ApiOptions, type CommandContext, type ControlCommand } from './control-api.client';

interface EnrollOptions extends ApiOptions {
  key?: string;
}

const readText = (ctx: CommandContext, path: string) => (ctx.readFile ? ctx.readFile(path) : readFile(path, 'utf8'));

/** The one operand, an agent id (else the usage problem). */
function agentOperand(args: readonly string[]): { ok: true; id: string } | { ok: false; message: string } {
  if (args.length !== 1) return { ok: false, message: args.length === 0 ? 'give the agent id, such as 001' : `unexpected argument '${args[1]}'` };
  return isAgentId(args[0]) ? { ok: true, id: args[0] } : { ok: false, message: `'${args[0]}' is not an agent id (3 to 8 digits, such as 001)` };
}

/** The command as the tests drive it; `riposte agents enroll` routes here. */
export const enroll = defineCommand<EnrollOptions>({
  name: 'agents enroll',
  summary: "enrol an agent's public key",
  help: {
    usage: '<id> --key <file>   [--api <url>] [--token <token>] [--json]',
    description: `Enrols the public key of agent <id>: the executor creates its key pair at first start (EXECUTOR_KEY_FILE, the
public half beside it as EXECUTOR_KEY_FILE.pub) and signs its heartbeats and timer requests with it. Until its key is
enrolled, an agent gets no command and what it says is dropped. Enrolling again replaces the key (rotation). The
file is checked here first: a private key is refused and never sent. Needs an admin token; prints the key id.`,
    after: `${EXITS_HELP} A file that is not an Ed25519 public key is exit 1.

Example:
  riposte agents enroll 001 --key /var/ossec/etc/riposte-agent.key.pub`,
  },
  options: (cmd) => apiOptions(cmd.option('-k, --key <file>', "the agent's public key: EXECUTOR_KEY_FILE.pub (SPKI PEM)", single)),
  async action(opts, args, ctx) {
    const agent = agentOperand(args);
    if (!agent.ok) return usageError(ctx, this, agent.message);
    if (opts.key === undefined) return usageError(ctx, this, '--key <file> is required (the agent public key, EXECUTOR_KEY_FILE.pub)');
    let publicKeyPem: string;
    try {
      publicKeyPem = await readText(ctx, opts.key);
    } catch (e) {
      return failed(ctx, this, `cannot read the key file '${opts.key}': ${readFailure(e)}`);
    }
    const body = ControlApiV1.parseAgentKeyBody({ publicKeyPem });
    if (!body.ok) return failed(ctx, this, `${opts.key}: ${body.issues.join('; ').replace(/^publicKeyPem: /, '')}; nothing was sent`);
    return requestAndPrint(ctx, this, opts, {
      method: 'PUT',
      route: `/agents/${agent.id}/key`,
      body: { publicKeyPem },
      schema: ControlApiV1.AgentKeyResultSchema,
      render: (r, out) => out(`Enrolled agent ${r.agentId} with key ${r.keyId}${r.replacedKeyId ? ` (replaces ${r.replacedKeyId})` : ''}.`),
    });
  },
});

/** The command as the tests drive it; `riposte agents revoke` routes here. */
export const revoke = defineCommand<ApiOptions>({
  name: 'agents revoke',
  summary: "remove an agent's key",
  help: {
    usage: '<id>   [--api <url>] [--token <token>] [--json]',
    description: `Removes the enrolled key of agent <id>: from then on it gets no command, and its heartbeats and timer requests
are dropped (and audited) until a key is enrolled again. Needs an admin token.`,
    after: `${EXITS_HELP} An agent without a key is exit 1.

Example:
  riposte agents revoke 001`,
  },
  options: apiOptions,
  async action(opts, args, ctx) {
    const agent = agentOperand(args);
    if (!agent.ok) return usageError(ctx, this, agent.message);
    return requestAndPrint(ctx, this, opts, {
      method: 'DELETE',
      route: `/agents/${agent.id}/key`,
      schema: ControlApiV1.AgentKeyRevokedSchema,
      render: (r, out) => out(`Revoked key ${r.keyId} of agent ${r.agentId}: it gets no command until a key is enrolled again.`),
    });
  },
});

function failed(ctx: CommandContext, command: Pick<ControlCommand, 'name'>, message: string): typeof EXIT.failed {
  ctx.err(`riposte ${command.name}: ${message}`);
  return EXIT.failed;
}
