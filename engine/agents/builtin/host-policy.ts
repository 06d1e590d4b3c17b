import { BlockList, isIP } from 'node:net';

/** An `allowedHosts` entry: a host name or IP, and a port, or `null` for any port. */
export interface HostEntry {
  hostname: string;
  port: string | null;
}

/**
 * Lower case, without IPv6 brackets or a trailing dot; IPv6 in its short form, and an IPv4-mapped
 * IPv6 address (`::ffff:127.0.0.1`) as the IPv4 address it stands for.
 */
export function normalizeHostname(hostname: string): string {
  const bare = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (isIP(bare) !== 6) return bare;
  const short = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(short);
  if (!mapped) return short;
  const high = parseInt(mapped[1] ?? '0', 16);
  const low = parseInt(mapped[2] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Reads `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; null when it is none of them. */
export function parseHostEntry(entry: string): HostEntry | null {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { hostname: normalizeHostname(bracketed[1] ?? ''), port: bracketed[2] ?? null };
  if (isIP(text) === 6) return { hostname: normalizeHostname(text), port: null };
  const withPort = /^([^:\s/]+)(?::(\d+))?$/.exec(text);
  if (withPort) return { hostname: normalizeHostname(withPort[1] ?? ''), port: withPort[2] ?? null };
  return null;
}

/** The port a URL connects to, defaults included. */
export function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function entryMatches(entry: HostEntry, hostname: string, port: string): boolean {
  return entry.hostname === hostname && (entry.port === null || entry.port === port);
}

/** True when the URL's host (and port, if the entry names one) is in the allow-list; exact, ignoring case. */
export function isHostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = normalizeHostname(url.hostname);
  const port = effectivePort(url);
  return allowedHosts.some((text) => {
    const entry = parseHostEntry(text);
    return entry !== null && entryMatches(entry, hostname, port);
  });
}

/** Kinds of address that do not belong to the public internet. */
export type AddressKind = 'unspecified' | 'loopback' | 'link-local' | 'private' | 'multicast';

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const subnet of v4) {
    const [address = '', prefix = '32'] = subnet.split('/');
    list.addSubnet(address, Number(prefix), 'ipv4');
  }
  for (const subnet of v6) {
    const [address = '', prefix = '128'] = subnet.split('/');
    list.addSubnet(address, Number(prefix), 'ipv6');
  }
  return list;
}

// IPv4 rules also match IPv4-mapped IPv6 addresses (::ffff:127.0.0.1).
const ADDRESS_KINDS: Array<[AddressKind, BlockList]> = [
  ['unspecified', blockList(['0.0.0.0/8'], ['::/128'])],
  ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])],
  ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])],
  ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7'])],
  ['multicast', blockList(['224.0.0.0/4', '255.255.255.255/32'], ['ff00::/8'])],
];

/** What kind of non-public address this is, or null for a public one (or for something that is not an IP). */
export function classifyAddress(address: string): AddressKind | null {
  const bare = normalizeHostname(address);
  const family = isIP(bare);
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of ADDRESS_KINDS) if (list.check(bare, type)) return kind;
  return null;
}

/** An address the request may not reach, and why. */
export interface RefusedAddress {
  address: string;
  kind: AddressKind;
}

/**
 * The first resolved address that is not public and not explicitly allowed. An address is allowed when
 * `allowedHosts` names that very address (with the URL's port or no port), or, for loopback only, when
 * the URL's host is `localhost` itself (it is on the list, since the host check passed first).
 */
export function findRefusedAddress(url: URL, addresses: readonly string[], allowedHosts: readonly string[]): RefusedAddress | null {
  const port = effectivePort(url);
  const entries = allowedHosts.map(parseHostEntry).filter((entry): entry is HostEntry => entry !== null);
  const isLocalhost = normalizeHostname(url.hostname) === 'localhost';
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind === null) continue;
    const normalized = normalizeHostname(address);
    if (entries.some((entry) => entryMatches(entry, normalized, port))) continue;
    if (kind === 'loopback' && isLocalhost) continue;
    return { address: normalized, kind };
  }
  return null;
}
