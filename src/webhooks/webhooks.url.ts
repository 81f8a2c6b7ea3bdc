import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup } from 'node:dns';
import { invalidArgument } from '../http/errors.ts';
import type { WebhookConfig } from './webhooks.config.ts';

/**
 * The SSRF guard: webhook URLs are chosen by partners, so deliveries must not reach the
 * server's own network (loopback, private ranges, link-local, cloud metadata) unless the
 * operator allows it (WEBHOOK_ALLOW_PRIVATE=1). The address is checked after DNS
 * resolution, inside the connection's own lookup, so a name cannot resolve to a public
 * address for the check and a private one for the connection. Redirects are never followed.
 */
const RANGES: Array<[kind: string, subnets: Array<[string, number, 'ipv4' | 'ipv6']>]> = [
  [
    'a loopback address',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'a cloud metadata address',
    [
      ['169.254.169.254', 32, 'ipv4'],
      ['fd00:ec2::254', 128, 'ipv6'],
      ['100.100.100.200', 32, 'ipv4'],
    ],
  ],
  [
    'a link-local address',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  [
    'a private address',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ],
  ],
  [
    'a reserved address',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['224.0.0.0', 4, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      ['::', 128, 'ipv6'],
      ['64:ff9b::', 96, 'ipv6'],
      ['64:ff9b:1::', 48, 'ipv6'],
      ['2001:db8::', 32, 'ipv6'],
      ['ff00::', 8, 'ipv6'],
    ],
  ],
];

const BLOCK_LISTS = RANGES.map(([kind, subnets]) => {
  const list = new BlockList();
  for (const [network, prefix, family] of subnets) list.addSubnet(network, prefix, family);
  return [kind, list] as const;
});

/** Why delivering to this IP address is refused, or null when it is a public address. */
export function refusedAddressKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of BLOCK_LISTS) if (list.check(address, type)) return kind;
  return null;
}

export class RefusedTargetError extends Error {
  readonly code = 'WEBHOOK_REFUSED_TARGET';
  constructor(host: string, address: string, kind: string) {
    super(`refused: ${host} resolves to ${address}, ${kind} (set WEBHOOK_ALLOW_PRIVATE=1 to allow)`);
  }
}

/** `net.connect` lookup that resolves the name, then refuses the whole connection if any address is internal. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    for (const { address } of addresses) {
      const kind = refusedAddressKind(address);
      if (kind) return callback(new RefusedTargetError(hostname, address, kind) as NodeJS.ErrnoException, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  });
};

/** A URL's host as an IP literal (brackets removed), or null for a name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

/**
 * The checks a subscription URL passes when it is saved: absolute http(s), https unless the
 * operator allows http, and no literal internal address or localhost unless private targets
 * are allowed. Names are checked again, after resolution, on every delivery.
 */
export function checkSubscriptionUrl(text: string, config: Pick<WebhookConfig, 'allowHttp' | 'allowPrivate'>): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidArgument('url', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidArgument('url', 'must be an absolute http(s) URL');
  if (url.protocol === 'http:' && !config.allowHttp) throw invalidArgument('url', 'must use https (this server does not allow http webhooks)');
  if (/\s/.test(text) || url.hostname === '') throw invalidArgument('url', 'must be an absolute http(s) URL');
  if (!config.allowPrivate) {
    const address = literalAddress(url);
    const kind = address ? refusedAddressKind(address) : null;
    if (kind) throw invalidArgument('url', `points to ${kind}`);
    const host = url.hostname.replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost')) throw invalidArgument('url', 'points to a loopback address');
  }
  return text;
}
