import { AlertV1 } from '@riposte/contracts';
import { anAlert, fixtureJson, readFixture, sshdBruteForceAlert } from '@riposte/testing';
import { MAX_ALERT_DEPTH, MAX_ALERT_KEYS, MAX_RAW_BYTES, normalizeRawAlert, type NormalizedAlert } from './normalize-raw-alert';

const FIXTURE_TEXT = readFixture('ok/alerts/sshd-5712.json');

/** The alerts.json fixture: the sshd, web attack and Windows alerts, one JSON line each. */
const ALERTS_JSON_LINES = readFixture('ok/alerts/alerts.json').split('\n').filter(Boolean);

/** A Filebeat 7 event as `output.kafka` writes it, without JSON decoding: the alert line is `message`. */
function filebeatMessageEvent(alertLine: string): Record<string, unknown> {
  return {
    '@timestamp': '2022-05-11T12:29:20.101Z',
    '@metadata': { beat: 'filebeat', type: '_doc', version: '7.10.2' },
    agent: { type: 'filebeat', version: '7.10.2', hostname: 'wazuh-manager', ephemeral_id: 'b7c1', id: '6f1f7c7e-5b7e-4c49-9d0b-1f0ad5b36d3e', name: 'wazuh-manager' },
    ecs: { version: '1.6.0' },
    host: { name: 'wazuh-manager' },
    log: { offset: 1549653, file: { path: '/var/ossec/logs/alerts/alerts.json' } },
    input: { type: 'log' },
    message: alertLine,
  };
}

/** `json.keys_under_root: true`: alert fields at the root, Filebeat's agent fields merged into the Wazuh agent. */
function filebeatRootEvent(alert: Record<string, unknown>, agent?: Record<string, unknown>): Record<string, unknown> {
  const { message: _m, agent: beatAgent, ...beat } = filebeatMessageEvent('');
  return { ...beat, ...alert, agent: agent ?? { ...(beatAgent as object), ...(alert.agent as object) }, fields: { index_prefix: 'wazuh-alerts-4.x-' }, event: { module: 'wazuh', dataset: 'wazuh.alerts' }, fileset: { name: 'alerts' }, service: { type: 'wazuh' } };
}

/** `json.keys_under_root: false`: the decoded alert under `json`. */
function filebeatJsonEvent(alert: unknown): Record<string, unknown> {
  const { message: _m, ...beat } = filebeatMessageEvent('');
  return { ...beat, json: alert };
}

/** An alert whose JSON text is exactly `bytes` long. */
function alertOfSize(bytes: number): string {
  const base = { ...sshdBruteForceAlert(), full_log: '' };
  const pad = bytes - Buffer.byteLength(JSON.stringify(base));
  return JSON.stringify({ ...base, full_log: 'x'.repeat(pad) });
}

const accepted = (r: NormalizedAlert) => {
  if (!r.ok) throw new Error(`expected an accepted alert, got: ${r.reason}`);
  return r;
};

describe('normalizeRawAlert', () => {
  describe('when the input is a bare Wazuh alert', () => {
    it.each([
      ['the fixture line (string)', FIXTURE_TEXT],
      ['the fixture line (bytes with a CRLF)', Buffer.from(`${FIXTURE_TEXT.trim()}\r\n`)],
      ['the fixture line behind a UTF-8 byte order mark', `\uFEFF${FIXTURE_TEXT}`],
      ['the first line of an alerts.json', ALERTS_JSON_LINES[0]],
    ])('accepts %s, keeping its bytes and keyed by agent id', (_name, raw) => {
      const r = accepted(normalizeRawAlert(raw));
      expect(r.shape).toBe('plain');
      expect(r.agentId).toBe('000');
      expect(r.json).toBe(FIXTURE_TEXT.trim());
      expect(r.alert).toEqual(sshdBruteForceAlert());
    });

    it.each([
      [0, '000', 'ok/alerts/sshd-5712.json'],
      [1, '003', 'ok/alerts/web-attack-31106.json'],
      [2, '004', 'ok/alerts/windows-logon-failures-60204.json'],
    ])('accepts alerts.json line %i, keyed by agent %s, as its own fixture file holds it', (i, agentId, file) => {
      const r = accepted(normalizeRawAlert(ALERTS_JSON_LINES[i]));
      expect(r.agentId).toBe(agentId);
      expect(r.json).toBe(readFixture(file).trim());
      expect(r.alert).toEqual(fixtureJson(file));
    });

    it('accepts a decoded object and keeps every field in its original order', () => {
      const alert = anAlert({ agentId: '017' });
      const r = accepted(normalizeRawAlert(alert));
      expect(r.agentId).toBe('017');
      expect(r.json).toBe(JSON.stringify(alert));
      expect(Object.keys(JSON.parse(r.json))).toEqual(Object.keys(alert));
    });

    it('keeps `host`, `message` and `@timestamp` fields of a bare alert (they alone do not make a Filebeat event)', () => {
      const alert = { ...anAlert({ agentId: '002' }), host: { name: 'web' }, message: 'not an envelope', '@timestamp': '2024-01-01T00:00:00Z' };
      const r = accepted(normalizeRawAlert(JSON.stringify(alert)));
      expect(r.shape).toBe('plain');
      expect(r.alert).toEqual(alert);
    });
  });

  describe('when Filebeat wrapped the alert', () => {
    it('takes the alert line from `message`', () => {
      const r = accepted(normalizeRawAlert(JSON.stringify(filebeatMessageEvent(FIXTURE_TEXT))));
      expect(r.shape).toBe('filebeat-message');
      expect(r.json).toBe(FIXTURE_TEXT.trim());
      expect(r.alert).toEqual(sshdBruteForceAlert());
    });

    it('takes the alert from the root (keys_under_root) without Filebeat fields, keeping the Wazuh agent', () => {
      const alert = anAlert({ agentId: '001', agentName: 'web1' });
      const r = accepted(normalizeRawAlert(filebeatRootEvent(alert)));
      expect(r.shape).toBe('filebeat-root');
      expect(r.agentId).toBe('001');
      expect(r.alert).toEqual({ ...alert, agent: { id: '001', name: 'web1' } });
      expect(Object.keys(JSON.parse(r.json)).sort()).toEqual(Object.keys(alert).sort());
    });

    it('takes the alert from `json` (keys not under root)', () => {
      const alert = anAlert({ agentId: '003' });
      const r = accepted(normalizeRawAlert(Buffer.from(JSON.stringify(filebeatJsonEvent(alert)))));
      expect(r.shape).toBe('filebeat-json');
      expect(r.alert).toEqual(alert);
      expect(r.json).toBe(JSON.stringify(alert));
    });
  });

  describe('when the alert is at the size limit', () => {
    it('accepts MAX_ALERT_BYTES exactly and rejects one byte more', () => {
      expect(accepted(normalizeRawAlert(alertOfSize(AlertV1.MAX_ALERT_BYTES))).json).toHaveLength(AlertV1.MAX_ALERT_BYTES);
      expect(normalizeRawAlert(alertOfSize(AlertV1.MAX_ALERT_BYTES + 1))).toEqual({
        ok: false,
        reason: `oversized: alert is ${AlertV1.MAX_ALERT_BYTES + 1} bytes, over MAX_ALERT_BYTES (${AlertV1.MAX_ALERT_BYTES})`,
      });
    });

    it('accepts an alert whose Filebeat wrapper is over MAX_ALERT_BYTES while the alert is not', () => {
      const line = alertOfSize(AlertV1.MAX_ALERT_BYTES - 10);
      const wrapped = JSON.stringify(filebeatMessageEvent(line));
      expect(Buffer.byteLength(wrapped)).toBeGreaterThan(AlertV1.MAX_ALERT_BYTES);
      expect(accepted(normalizeRawAlert(wrapped)).json).toBe(line);
    });
  });

  describe('when a root key names the prototype (input hardening)', () => {
    const beat = (alert: Record<string, unknown>) => JSON.stringify(filebeatRootEvent(alert));
    /** The JSON text with `"<key>": <value>` as its first member (JSON.parse makes it an own property). */
    const withRootKey = (json: string, key: string, value: string) => `{${JSON.stringify(key)}: ${value}, ${json.slice(1)}`;
    it.each<[string, string, RegExp]>([
      ['a Filebeat root event with `__proto__`', withRootKey(beat(anAlert({ agentId: '001' })), '__proto__', '{"x": 1}'), /^forbidden key '__proto__' at the root$/],
      ['a Filebeat root event with `__proto__: null`', withRootKey(beat(anAlert({ agentId: '001' })), '__proto__', 'null'), /^forbidden key '__proto__' at the root$/],
      ['a Filebeat root event with `constructor`', withRootKey(beat(anAlert({ agentId: '001' })), 'constructor', '{"x": 1}'), /^forbidden key 'constructor' at the root$/],
      ['a bare alert with `__proto__`', withRootKey(JSON.stringify(anAlert({ agentId: '001' })), '__proto__', '{"rule": {"id": "1", "level": 15}}'), /^forbidden key '__proto__' at the root$/],
      ['a bare alert with `prototype`', withRootKey(JSON.stringify(anAlert({ agentId: '001' })), 'prototype', '{}'), /^forbidden key 'prototype' at the root$/],
      ['a Filebeat message whose alert has `__proto__`', JSON.stringify(filebeatMessageEvent(withRootKey(JSON.stringify(anAlert()), '__proto__', '{}'))), /^filebeat-message: forbidden key '__proto__' at the root$/],
      ['a Filebeat `json` whose alert has `constructor`', withRootKey(JSON.stringify(anAlert()), 'constructor', '{}').replace(/^/, '{"@metadata": {"beat": "filebeat"}, "ecs": {"version": "1.6.0"}, "json": ') + '}', /^filebeat-json: forbidden key 'constructor' at the root$/],
    ])('rejects %s as a contract violation (never throws)', (_name, raw, reason) => {
      let r: NormalizedAlert | undefined;
      expect(() => (r = normalizeRawAlert(raw))).not.toThrow();
      expect(r?.ok).toBe(false);
      expect(r && !r.ok ? r.reason : '').toMatch(reason);
    });

    it('reads other root keys that Object.prototype also has as plain fields of the alert', () => {
      const alert = { ...anAlert({ agentId: '004' }), toString: 'x', hasOwnProperty: { a: 1 } };
      const r = accepted(normalizeRawAlert(beat(alert)));
      expect(r.shape).toBe('filebeat-root');
      expect(JSON.parse(r.json)).toMatchObject({ toString: 'x', hasOwnProperty: { a: 1 } });
    });

    it('keeps `__proto__` and `constructor` below the root as own fields (a decoded log may hold them)', () => {
      const text = JSON.stringify(anAlert({ agentId: '005' })).replace('"data":{', '"data":{"__proto__":{"srcip":"6.6.6.6"},"constructor":"c",');
      const r = accepted(normalizeRawAlert(text));
      expect(r.json).toBe(text);
      const data = r.alert.data as Record<string, unknown>;
      expect(Object.hasOwn(data, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    });
  });

  describe('when the alert nests deeper than MAX_ALERT_DEPTH (input hardening)', () => {
    /** An alert whose `data.deep` is `levels` objects deep. */
    const deepAlert = (levels: number) => JSON.stringify(anAlert({ agentId: '006' })).replace('"data":{', `"data":{"deep":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)},`);
    it('accepts an alert exactly MAX_ALERT_DEPTH deep (root, data, then the levels of data.deep)', () => {
      expect(MAX_ALERT_DEPTH).toBe(100);
      expect(normalizeRawAlert(deepAlert(MAX_ALERT_DEPTH - 2)).ok).toBe(true);
      expect(normalizeRawAlert(JSON.parse(deepAlert(MAX_ALERT_DEPTH - 2))).ok).toBe(true);
    });
    it.each<[string, () => Buffer | string | object]>([
      ['as text', () => deepAlert(5000)],
      ['as a decoded object (an HTTP body)', () => JSON.parse(deepAlert(5000))],
      ['one level too deep', () => JSON.parse(deepAlert(MAX_ALERT_DEPTH - 1))],
      ['in a Filebeat `json`', () => ({ '@metadata': { beat: 'filebeat' }, ecs: { version: '1' }, json: JSON.parse(deepAlert(5000)) })],
    ])('rejects it %s without throwing', (_how, raw) => {
      let r: NormalizedAlert | undefined;
      expect(() => (r = normalizeRawAlert(raw()))).not.toThrow();
      expect(r && !r.ok ? r.reason : '').toMatch(new RegExp(`nested deeper than MAX_ALERT_DEPTH \\(${MAX_ALERT_DEPTH}\\) levels$`));
    });
  });

  describe('when the alert holds more than MAX_ALERT_KEYS keys (input hardening)', () => {
    /** An alert whose `data.many` holds `n` keys. */
    const wideAlert = (n: number) => ({ ...anAlert({ agentId: '007' }), data: { many: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 0])) } });
    it('rejects it with a reason naming the limit, as text and as an object', () => {
      expect(MAX_ALERT_KEYS).toBe(5000);
      for (const raw of [JSON.stringify(wideAlert(MAX_ALERT_KEYS)), wideAlert(MAX_ALERT_KEYS)]) {
        const r = normalizeRawAlert(raw);
        expect(r.ok ? '' : r.reason).toBe('more than MAX_ALERT_KEYS (5000) keys and array elements');
      }
    });
    it('accepts an alert well under it', () => {
      expect(normalizeRawAlert(wideAlert(1000)).ok).toBe(true);
    });
  });

  describe('when the bytes are not UTF-8 (input hardening)', () => {
    it.each<[string, Buffer]>([
      ['a lone continuation byte in a field', Buffer.concat([Buffer.from(JSON.stringify(anAlert()).slice(0, -2)), Buffer.from([0x80]), Buffer.from('"}')])],
      ['an overlong encoding of /', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
      ['a truncated multi-byte sequence', Buffer.from([0x7b, 0x22, 0xe2, 0x82, 0x22, 0x3a, 0x31, 0x7d])],
    ])('rejects %s instead of replacing it with U+FFFD', (_name, raw) => {
      const r = normalizeRawAlert(raw);
      expect(r.ok ? '' : r.reason).toBe('invalid UTF-8');
    });
  });

  describe('when the input is not a valid alert', () => {
    const noRule = { ...anAlert({ agentId: '001' }), rule: undefined };
    const noAgent = { ...anAlert(), agent: undefined };
    const fb = (alert: Record<string, unknown>) => JSON.stringify(filebeatRootEvent(alert, { type: 'filebeat', version: '7.10.2', ephemeral_id: 'e1', id: '6f1f7c7e-5b7e-4c49-9d0b-1f0ad5b36d3e', name: 'wazuh-manager' }));
    it.each<[string, Buffer | string | object | null, RegExp]>([
      ['no value at all', null, /^empty message$/],
      ['an empty string', '', /^empty message$/],
      ['blank bytes', Buffer.from(' \r\n'), /^empty message$/],
      ['text that is not JSON', 'May 11 12:29:18 localhost sshd[17584]: Invalid user', /^not JSON \(/],
      ['a truncated line', FIXTURE_TEXT.slice(0, 200), /^not JSON \(/],
      ['a JSON array', '[{"rule":{}}]', /^not a JSON object \(array\)$/],
      ['a JSON string', '"{}"', /^not a JSON object \(string\)$/],
      ['JSON null', 'null', /^not a JSON object \(null\)$/],
      ['an alert without rule', JSON.stringify(noRule), /^invalid alert: rule: Required$/],
      ['an alert without agent', noAgent, /^invalid alert: agent: Required$/],
      ['an agent id that is not digits', { ...anAlert(), agent: { id: 'web1' } }, /^invalid alert: agent\.id: must be a Wazuh agent id/],
      ['a rule level given as a string', { ...anAlert(), rule: { id: '5712', level: '10' } }, /^invalid alert: rule\.level: Expected number, received string$/],
      ['a rule id given as a number', { ...anAlert(), rule: { id: 5712, level: 10 } }, /^invalid alert: rule\.id: Expected string, received number$/],
      ['rule groups that are not strings', { ...anAlert(), rule: { id: '1', level: 3, groups: [1] } }, /^invalid alert: rule\.groups\.0: Expected string/],
      ['input over the raw limit', `{"full_log":"${'y'.repeat(MAX_RAW_BYTES)}"}`, /^oversized: \d+ bytes, over the 262144-byte input limit$/],
      ['a Filebeat message that is not JSON', JSON.stringify(filebeatMessageEvent('May 11 sshd: Invalid user')), /^filebeat message: not JSON \(/],
      ['a Filebeat message holding an alert without rule', JSON.stringify(filebeatMessageEvent(JSON.stringify(noRule))), /^filebeat-message: invalid alert: rule: Required$/],
      ['a Filebeat message holding an array', JSON.stringify(filebeatMessageEvent('[]')), /^filebeat-message: not a JSON object \(array\)$/],
      ['a Filebeat root event whose only agent is Filebeat\'s', fb({ ...anAlert(), agent: undefined }), /^filebeat-root: invalid alert: agent\.id: must be a Wazuh agent id/],
      ['a Filebeat `json` holding a bad alert', filebeatJsonEvent({ rule: { id: 'x', level: 3 }, agent: { id: '001' } }), /^filebeat-json: invalid alert: rule\.id: must be a string of digits$/],
      ['a Filebeat `json` holding an oversized alert', filebeatJsonEvent(JSON.parse(alertOfSize(AlertV1.MAX_ALERT_BYTES + 1))), /^filebeat-json: oversized: alert is 65537 bytes/],
    ])('rejects %s with its reason', (_name, raw, reason) => {
      const r = normalizeRawAlert(raw);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(reason);
    });
  });
});
