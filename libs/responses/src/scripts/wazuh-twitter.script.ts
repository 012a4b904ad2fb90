import type { ArMessage } from '@riposte/contracts';
import { getAlert, getExtraArgList, getSrcip } from '../protocol/alert-fields';
import { isObject } from '../protocol/parse-message';
import type { Outcome, ReadResult, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended } from '../runner/script-definition';
import { postNotification } from './script-helpers';
import type { OAuth1Credentials } from './oauth1';
import { oauth1Header } from './oauth1';

/** Longest post on X. */
export const MAX_POST_CHARS = 280;

/** Settings read from `extra_args` (`name=value`) first, then from the environment (`RIPOSTE_X_<NAME>`). */
const SETTINGS = ['bearer_token', 'consumer_key', 'consumer_secret', 'access_token', 'access_token_secret', 'api_url'] as const;
type Setting = (typeof SETTINGS)[number];

export interface TwitterInput {
  readonly text: string;
  readonly args: Partial<Record<Setting, string>>;
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : 'N/A');

/** The post: `WAZUH Alert - Rule <id> (level <n>): <description>. Agent: (<id>) <name>. Source IP: <ip>`, cut at 280 characters. */
export function tweetText(message: ArMessage): string {
  const alert = getAlert(message) ?? {};
  const rule = isObject(alert.rule) ? alert.rule : {};
  const agent = isObject(alert.agent) ? alert.agent : {};
  const srcip = getSrcip(message);
  const text = `WAZUH Alert - Rule ${str(rule.id)} (level ${str(rule.level)}): ${str(rule.description)}. Agent: (${str(agent.id)}) ${str(agent.name)}${srcip ? `. Source IP: ${srcip}` : ''}`;
  const chars = [...text];
  return chars.length <= MAX_POST_CHARS ? text : `${chars.slice(0, MAX_POST_CHARS - 1).join('')}…`;
}

function read(message: ArMessage): ReadResult<TwitterInput> {
  if (!getAlert(message)) return { ok: false, log: "Cannot read 'alert' from data" };
  const args: Partial<Record<Setting, string>> = {};
  for (const arg of getExtraArgList(message)) {
    const eq = arg.indexOf('=');
    const name = arg.slice(0, eq) as Setting;
    if (eq > 0 && SETTINGS.includes(name)) args[name] = arg.slice(eq + 1);
  }
  return { ok: true, input: { text: tweetText(message), args } };
}

function authorization(ctx: ScriptContext<TwitterInput>, url: string): string | null {
  const get = (name: Setting) => ctx.input.args[name] ?? ctx.env[`RIPOSTE_X_${name.toUpperCase()}`];
  const bearer = get('bearer_token');
  if (bearer) return `Bearer ${bearer}`;
  const creds = { consumerKey: get('consumer_key'), consumerSecret: get('consumer_secret'), token: get('access_token'), tokenSecret: get('access_token_secret') };
  if (!creds.consumerKey || !creds.consumerSecret || !creds.token || !creds.tokenSecret) return null;
  return oauth1Header('POST', url, creds as OAuth1Credentials);
}

async function post(ctx: ScriptContext<TwitterInput>): Promise<Outcome> {
  const base = ctx.input.args.api_url ?? ctx.env.RIPOSTE_X_API_URL ?? 'https://api.x.com';
  const url = `${base.replace(/\/+$/, '')}/2/tweets`;
  const auth = authorization(ctx, url);
  if (!auth) {
    ctx.log('Cannot read X credentials from extra_args or environment');
    return ended(-1);
  }
  return postNotification(ctx, 'X', url, JSON.stringify({ text: ctx.input.text }), { 'Content-Type': 'application/json', Authorization: auth });
}

/**
 * `wazuh-twitter` (the 4.x successor of OSSEC's `ossec-tweeter`): stateless; posts the alert summary with the X API
 * v2 `POST /2/tweets`, authenticated with a user-context bearer token or OAuth 1.0a keys, taken from extra_args
 * (`bearer_token=…`, `consumer_key=…`, `consumer_secret=…`, `access_token=…`, `access_token_secret=…`, `api_url=…`)
 * or from `RIPOSTE_X_BEARER_TOKEN`, `RIPOSTE_X_CONSUMER_KEY`… Extra args are echoed into active-responses.log like
 * every input, so prefer the environment for secrets.
 */
export const wazuhTwitter: ScriptDefinition<TwitterInput> = { name: 'wazuh-twitter', read, add: post, delete: post };
