import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding, as OAuth 1.0a requires. */
export const percentEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface OAuth1Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token: string;
  readonly tokenSecret: string;
}

/** HMAC-SHA1 signature of an OAuth 1.0a request (RFC 5849 §3.4); the JSON body takes no part in it. */
export function oauth1Signature(method: string, url: string, params: Readonly<Record<string, string>>, creds: OAuth1Credentials): string {
  const normalized = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
  const base = [method.toUpperCase(), percentEncode(url), percentEncode(normalized)].join('&');
  return createHmac('sha1', `${percentEncode(creds.consumerSecret)}&${percentEncode(creds.tokenSecret)}`).update(base).digest('base64');
}

/** The `Authorization: OAuth …` header for a user-context request. */
export function oauth1Header(method: string, url: string, creds: OAuth1Credentials, nowMs = Date.now(), nonce = randomBytes(16).toString('hex')): string {
  const params: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor(nowMs / 1000)),
    oauth_token: creds.token,
    oauth_version: '1.0',
  };
  params.oauth_signature = oauth1Signature(method, url, params, creds);
  return `OAuth ${Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}="${percentEncode(params[k])}"`)
    .join(', ')}`;
}
