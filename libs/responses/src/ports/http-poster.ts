import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** The port the notification scripts (Slack, X) post through. Rejects when no response arrives. */
export interface HttpPoster {
  post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<HttpResponse>;
}

/** Posts with Node's own http/https modules (Wazuh's wazuh-slack runs curl, then wget). */
export function createNodeHttpPoster(timeoutMs = 10_000): HttpPoster {
  return {
    post: (url, body, headers) =>
      new Promise<HttpResponse>((resolve, reject) => {
        const target = new URL(url);
        const lib = target.protocol === 'https:' ? https : http;
        const req = lib.request(
          target,
          { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, timeout: timeoutMs },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      }),
  };
}

/** Logs `Dry run: POST <url> <body>` instead of posting, and answers 200. */
export function createDryRunHttpPoster(log: (msg: string) => void): HttpPoster {
  return {
    async post(url, body) {
      log(`Dry run: POST ${url} ${body}`);
      return { status: 200, body: '' };
    },
  };
}
