import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TopicRecorder } from './topic-recorder';
import { settle } from './wait-for';

/** One route of a running Nest app, as Express routes it. */
export interface HttpRoute {
  readonly method: string;
  readonly path: string;
}

/** Methods that change nothing by HTTP's definition; every other method counts as state-changing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route the app's Express router serves, read at run time, so a route added later is covered without
 * editing a list. Sorted by path, then method.
 */
export function httpRoutes(app: INestApplication): HttpRoute[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] }; _router?: { stack: ExpressLayer[] } };
  const stack = (instance.router ?? instance._router)?.stack;
  if (!stack) throw new Error('httpRoutes: not an Express app (no router stack)');
  // A route with middleware (alert-ingest's body reader) has a layer of its own: one entry per method and path.
  const routes = new Map<string, HttpRoute>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const p of [layer.route.path].flat()) for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') routes.set(`${m} ${p}`, { method: m.toUpperCase(), path: p });
  }
  return [...routes.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The routes of {@link httpRoutes} that may change state (neither GET, HEAD nor OPTIONS). */
export function stateChangingRoutes(app: INestApplication): HttpRoute[] {
  return httpRoutes(app).filter((r) => !SAFE_METHODS.has(r.method));
}

/** A concrete URL path for a route pattern: every `:param` becomes `sample` (an agent-id-like value). */
export function samplePath(pattern: string, sample = '001'): string {
  return pattern.replace(/:[A-Za-z0-9_]+/g, sample).replace(/\*\w*/g, sample);
}

/** Every topic of `namespace` on the broker (internal ones such as `__consumer_offsets` never match). */
export async function namespaceTopics(kafka: Kafka, namespace: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`)).sort();
  } finally {
    await admin.disconnect();
  }
}

export interface RefusalResult {
  readonly route: string;
  readonly credential: string;
  readonly status: number;
}

/**
 * Calls every state-changing route of `app` without a token and with each of `wrongTokens` (tokens whose role is
 * not enough for any of them), with a plausible JSON body, and returns what each answered. Meanwhile it records
 * every topic of `namespace`; `published` is what appeared there (it must stay empty) and `newTopics` the topics
 * created meanwhile (an exec topic made for a refused command would show there).
 */
export async function callUnauthorised(
  app: INestApplication,
  opts: {
    baseUrl: string;
    kafka: Kafka;
    namespace: string;
    wrongTokens: Readonly<Record<string, string>>;
    body?: unknown;
    /** Topics the service writes to on its own, whatever the requests (an executor's heartbeats). */
    ignoreTopics?: readonly string[];
  },
): Promise<{ routes: HttpRoute[]; results: RefusalResult[]; published: string[]; newTopics: string[] }> {
  const routes = stateChangingRoutes(app);
  const before = await namespaceTopics(opts.kafka, opts.namespace);
  const recorder = before.length ? await new TopicRecorder(opts.kafka, before).start() : undefined;
  const results: RefusalResult[] = [];
  try {
    const credentials: [string, Record<string, string>][] = [['no token', {}], ...Object.entries(opts.wrongTokens).map(([name, t]): [string, Record<string, string>] => [name, { authorization: `Bearer ${t}` }])];
    for (const r of routes) {
      for (const [credential, headers] of credentials) {
        const res = await fetch(`${opts.baseUrl}${samplePath(r.path)}?agents_list=001&agent=001&key=1.2.3.4`, {
          method: r.method,
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(opts.body ?? { command: 'firewall-drop600', alert: { data: { srcip: '1.2.3.4' } } }),
        });
        await res.arrayBuffer();
        results.push({ route: `${r.method} ${r.path}`, credential, status: res.status });
      }
    }
    // Refusals happen before any handler, so nothing is in flight; this only gives a wrong publish time to show.
    await settle(1000);
  } finally {
    await recorder?.stop();
  }
  const after = await namespaceTopics(opts.kafka, opts.namespace);
  return {
    routes,
    results,
    published: (recorder?.messages ?? []).filter((m) => !opts.ignoreTopics?.includes(m.topic)).map((m) => `${m.topic}: ${m.value?.toString() ?? ''}`),
    newTopics: after.filter((t) => !before.includes(t)),
  };
}

/** The calls that were not refused as they must be: 401 without a token, 401 or 403 with a wrong one. */
export function notRefused(results: readonly RefusalResult[]): RefusalResult[] {
  return results.filter((r) => (r.credential === 'no token' ? r.status !== 401 : r.status !== 401 && r.status !== 403));
}
