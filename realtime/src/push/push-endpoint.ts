/**
 * Where the server may send a Web Push request. A push subscription's endpoint is chosen by the browser
 * — or by anyone with a token — so without a check it lets any user make the server POST to any URL
 * (127.0.0.1:<port>, the cloud metadata address, the LAN). Accepted: https URLs of known push services
 * (an allow-list of hosts), and exact origins configured explicitly (PUSH_SERVICE_ORIGINS; tests use
 * it for their local push service). At send time the host name is resolved and every private,
 * loopback, link-local or otherwise non-public address is refused at connect time (DNS rebinding
 * cannot slip one in after the check), again except for an explicitly configured origin.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface PushEndpointPolicy {
  /** https hosts of push services; "*.example.com" allows its subdomains */
  hosts: string[];
  /** exact origins allowed as they are (may be http or private): only ever configured explicitly */
  origins: string[];
}

const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(net, bits, 'ipv6');

/** True for loopback, private, link-local, CGNAT, documentation, multicast and reserved addresses. */
export function isNonPublicAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return NON_PUBLIC.check(mapped[1]!, 'ipv4');
  return NON_PUBLIC.check(ip, v === 6 ? 'ipv6' : 'ipv4');
}

const hostMatches = (host: string, pattern: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

/** Why the endpoint is refused, or undefined when it may be used. */
export function refuseEndpoint(endpoint: string, policy: PushEndpointPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL';
  if (policy.origins.includes(url.origin)) return undefined;
  if (url.protocol !== 'https:') return 'push endpoints must use https';
  if (url.port && url.port !== '443') return 'push endpoints use the standard https port';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(host.replace(/^\[|\]$/g, ''))) return 'push endpoints are host names of push services, not addresses';
  if (!policy.hosts.some((p) => hostMatches(host, p))) return `${host} is not a known push service`;
  return undefined;
}

/** A dns.lookup for the push request's connection that refuses non-public addresses. */
export function publicOnlyLookup(): LookupFunction {
  return ((
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isNonPublicAddress(a.address));
      if (bad || !list.length) {
        const e = new Error(
          `${hostname} resolves to a non-public address (${bad?.address ?? 'none'}): refused`,
        ) as NodeJS.ErrnoException;
        e.code = 'ESPUNTA_NONPUBLIC';
        return callback(e, '', 0);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as LookupFunction;
}
