/**
 * `<global><white_list>` (spec §1.4): parsed like [W:src/config/global-config.c], checked like `get_ip()` and
 * `OS_IPFoundList()` [W:src/analysisd/alerts/exec.c, src/shared/validate_op.c].
 *
 * - A value matching Wazuh's IPv4 regex (optional `!`, optional `/NN` or dotted mask) is an IPv4 network; if it
 *   does not parse, the configuration is invalid (1237).
 * - Deliberate improvement: an IPv6 literal or IPv6 CIDR (optionally with `!`) is an IPv6 network here, where
 *   Wazuh would only use it as a substring pattern.
 * - Every other value is an `OSMatch` pattern tested against the srcip string.
 */
import { atoi } from './c-string';
import { ipv4Mask, ipv6Mask, parseIpv4, parseIpv6 } from './ip-address';
import { OsMatch } from './os-match';
import { WazuhMessages } from './problem';

const IPV4_ENTRY = /^!?\d{1,3}(\.\d{1,3}){3}(\/\d{1,2}(\d(\.\d{1,3}){3})?)?$/;

export type WhitelistEntry =
  | { readonly kind: 'ipv4'; readonly raw: string; readonly negate: boolean; readonly network: number; readonly mask: number }
  | { readonly kind: 'ipv6'; readonly raw: string; readonly negate: boolean; readonly network: Uint8Array; readonly mask: Uint8Array }
  | { readonly kind: 'pattern'; readonly raw: string; readonly pattern: OsMatch };

/** The parsed white list, in document order. */
export interface Whitelist {
  readonly entries: readonly WhitelistEntry[];
}

export const EMPTY_WHITELIST: Whitelist = { entries: [] };

/** Parses one `<white_list>` value, or returns the Wazuh error it causes. */
export function parseWhitelistEntry(
  raw: string,
): { ok: true; entry: WhitelistEntry } | { ok: false; code: string; message: string } {
  if (IPV4_ENTRY.test(raw)) {
    const entry = parseIpv4Entry(raw);
    return entry ? { ok: true, entry } : { ok: false, ...WazuhMessages.invalidIp(raw) };
  }
  const v6 = parseIpv6Entry(raw);
  if (v6) return { ok: true, entry: v6 };
  const compiled = OsMatch.compile(raw);
  if (!compiled.ok) return { ok: false, ...WazuhMessages.regexCompile(raw) };
  return { ok: true, entry: { kind: 'pattern', raw, pattern: compiled.match } };
}

function parseIpv4Entry(raw: string): WhitelistEntry | undefined {
  const negate = raw.startsWith('!');
  const [ip, maskText] = (negate ? raw.slice(1) : raw).split('/');
  const address = ip === '0.0.0.0' ? 0 : parseIpv4(ip);
  if (address === undefined) return undefined;
  let mask = ipv4Mask(32);
  if (maskText !== undefined) {
    if (maskText.length <= 2) {
      const bits = atoi(maskText);
      // Wazuh indexes a 33-entry table with the value; /33 to /99 read past it, so they are refused here.
      if (bits > 32) return undefined;
      mask = ipv4Mask(bits);
    } else {
      const dotted = parseIpv4(maskText);
      if (dotted === undefined) return undefined;
      mask = dotted;
    }
  }
  return { kind: 'ipv4', raw, negate, network: (address & mask) >>> 0, mask };
}

function parseIpv6Entry(raw: string): WhitelistEntry | undefined {
  const negate = raw.startsWith('!');
  const m = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(negate ? raw.slice(1) : raw);
  if (!m || !m[1].includes(':')) return undefined;
  const address = parseIpv6(m[1]);
  const prefix = m[2] === undefined ? 128 : Number(m[2]);
  if (!address || prefix > 128) return undefined;
  const mask = ipv6Mask(prefix);
  return { kind: 'ipv6', raw, negate, network: address.map((b, i) => b & mask[i]), mask };
}

/** Why an srcip is (or is not) white-listed. */
export interface WhitelistVerdict {
  readonly whitelisted: boolean;
  /** The address actually checked (`::ffff:` removed). */
  readonly checked: string;
  /** The entry that decided, when one did. */
  readonly entry?: string;
}

/**
 * `get_ip()`: strips a leading `::ffff:` (case-insensitively here), then the IP list with Wazuh's `!` quirk (a
 * negated entry flips the result for the rest of the scan, so an address that matches nothing after it counts as
 * white-listed), then the patterns. Never throws.
 */
export function checkWhitelist(whitelist: Whitelist, srcip: string): WhitelistVerdict {
  const checked = /^::ffff:/i.test(srcip) ? srcip.slice(7) : srcip;
  const ipResult = scanIpEntries(whitelist.entries, checked);
  if (ipResult.whitelisted) return { whitelisted: true, checked, entry: ipResult.entry };
  for (const e of whitelist.entries) {
    if (e.kind === 'pattern' && e.pattern.test(checked)) return { whitelisted: true, checked, entry: e.raw };
  }
  return { whitelisted: false, checked, entry: ipResult.entry };
}

function scanIpEntries(entries: readonly WhitelistEntry[], ip: string): { whitelisted: boolean; entry?: string } {
  const v4 = parseIpv4(ip);
  const v6 = v4 === undefined ? parseIpv6(ip) : undefined;
  if (v4 === undefined && v6 === undefined) return { whitelisted: false };
  let found = true;
  let lastNegated: string | undefined;
  for (const e of entries) {
    if (e.kind === 'pattern') continue;
    if (e.negate) {
      found = false;
      lastNegated = e.raw;
    }
    if (entryContains(e, v4, v6)) return { whitelisted: found, entry: e.raw };
  }
  return { whitelisted: !found, entry: found ? undefined : lastNegated };
}

function entryContains(e: WhitelistEntry, v4: number | undefined, v6: Uint8Array | undefined): boolean {
  if (e.kind === 'ipv4') return v4 !== undefined && ((v4 & e.mask) >>> 0) === e.network;
  if (e.kind === 'ipv6') return v6 !== undefined && v6.every((b, i) => (b & e.mask[i]) === e.network[i]);
  return false;
}
