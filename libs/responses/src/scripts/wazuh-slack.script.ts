import type { ArMessage } from '@riposte/contracts';
import { getAlert, getExtraArgs } from '../protocol/alert-fields';
import { isObject } from '../protocol/parse-message';
import type { Outcome, ReadResult, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended } from '../runner/script-definition';
import { postNotification } from './script-helpers';

export interface SlackInput {
  readonly alert: Record<string, unknown>;
  readonly url: string;
}

/** cJSON's `valuestring`: the string, `N/A` when absent, `(null)` when present but not a string (what printf prints). */
const text = (v: unknown, absent = 'N/A') => (v === undefined ? absent : typeof v === 'string' ? v : '(null)');

/** The Slack payload `format_output` builds, keys in Wazuh's order (spec §4, wazuh-slack). */
export function slackPayload(alert: Record<string, unknown>): Record<string, unknown> {
  const fields: { title: string; value: string }[] = [];
  let level = -1;
  let description: unknown;
  if (isObject(alert.agent)) fields.push({ title: 'Agent', value: `(${text(alert.agent.id)}) - ${text(alert.agent.name)}` });
  if (isObject(alert.agentless)) fields.push({ title: 'Agentless Host', value: text(alert.agentless.host) });
  fields.push({ title: 'Location', value: text(alert.location) });
  if (isObject(alert.rule)) {
    const raw = alert.rule.level;
    const levelText = typeof raw === 'number' ? String(Math.trunc(raw)) : 'N/A';
    if (typeof raw === 'number') level = Math.trunc(raw);
    description = alert.rule.description;
    fields.push({ title: 'Rule ID', value: `${text(alert.rule.id)} (level ${levelText})` });
  }
  const color = level <= 4 ? 'good' : level <= 7 ? 'warning' : 'danger';
  return {
    attachments: [
      { color, pretext: 'WAZUH Alert', title: text(description), text: text(alert.full_log, ''), fields, ts: text(alert.id, '') },
    ],
  };
}

function read(message: ArMessage): ReadResult<SlackInput> {
  const alert = getAlert(message);
  if (!alert) return { ok: false, log: "Cannot read 'alert' from data" };
  const url = getExtraArgs(message);
  if (!url) return { ok: false, log: "Cannot read 'extra_args' from data" };
  return { ok: true, input: { alert, url } };
}

async function post(ctx: ScriptContext<SlackInput>): Promise<Outcome> {
  let url: URL;
  try {
    url = new URL(ctx.input.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    ctx.log(`Invalid Slack webhook URL '${ctx.input.url}'`);
    return ended(-1);
  }
  const body = JSON.stringify(slackPayload(ctx.input.alert));
  return postNotification(ctx, 'Slack', url.href, body, { Accept: 'application/json', 'Content-Type': 'application/json' });
}

/**
 * `wazuh-slack` (spec §4): stateless; posts the alert summary to the webhook given as extra_args (joined with
 * spaces). Posts with Node's http/https instead of curl/wget; add and delete both post.
 */
export const wazuhSlack: ScriptDefinition<SlackInput> = { name: 'wazuh-slack', read, add: post, delete: post };
