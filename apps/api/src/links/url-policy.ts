import { isIP } from 'node:net';
import { URL_MAX_LENGTH } from '@shortly/contracts';
import ipaddr from 'ipaddr.js';
import { invalidField } from '../errors.ts';

const invalidUrl = (message: string) => invalidField('url', 'invalid_url', message);

export interface UrlPolicy {
  /** Hostname of this shortener: a link back to it would loop. */
  readonly publicHostname: string;
  /** Hosts refused along with all their subdomains. */
  readonly blockedHosts: readonly string[];
}

// Names that always mean "this machine" or a cloud metadata service, whatever DNS says.
const ALWAYS_BLOCKED_HOSTS = ['localhost', 'metadata.google.internal'];
// Whitespace and C0/C1 control characters: with CR/LF refused here, a target can never
// split the Location header or smuggle a second header into the redirect.
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped (::ffff:a.b.c.d),
 * the deprecated IPv4-compatible form (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) in its last
 * 32 bits, and 6to4 (2002:aabb:ccdd::/48) in bits 16-47.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = address.toByteArray();
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6052' || address.match(IPV4_COMPATIBLE)) {
    return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  }
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  return undefined;
}

function isPublicAddress(host: string): boolean {
  const parsed = ipaddr.parse(host);
  const address = parsed.kind() === 'ipv6' ? (embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed) : parsed;
  // Everything ipaddr.js does not call plain "unicast" is loopback, private, link-local
  // (169.254.169.254, the cloud metadata address), unique-local, CGNAT, multicast or reserved.
  return address.range() === 'unicast';
}

function isUnder(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

function hostRefusal(hostname: string, policy: UrlPolicy): string | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  // The WHATWG URL parser has already turned every IPv4 spelling (127.1, 0x7f000001,
  // 2130706433) into dotted decimal, so Node's native check is enough to spot an address.
  if (isIP(bare) !== 0) {
    return isPublicAddress(bare)
      ? undefined
      : 'url must not point to a loopback, private, link-local, metadata or reserved address';
  }
  if (ALWAYS_BLOCKED_HOSTS.some((blocked) => isUnder(hostname, blocked))) {
    return `url host "${hostname}" is local to the server and not allowed`;
  }
  if (!hostname.includes('.')) {
    return `url host "${hostname}" is not a public domain name`;
  }
  if (isUnder(hostname, policy.publicHostname)) {
    return 'url must not point back to this shortener (it would loop)';
  }
  if (policy.blockedHosts.some((blocked) => isUnder(hostname, blocked))) {
    return `url host "${hostname}" is blocked`;
  }
  return undefined;
}

/**
 * Checks a redirect target against every rule and returns it normalised by the WHATWG
 * parser (which also turns numeric hosts such as 2130706433 or 0x7f.1 into dotted quads,
 * so they meet the address rules); throws a 400 naming the first rule broken.
 */
export function normaliseTargetUrl(input: string, policy: UrlPolicy): string {
  if (input.length > URL_MAX_LENGTH) throw invalidUrl(`url must be at most ${URL_MAX_LENGTH} characters`);
  if (WHITESPACE_OR_CONTROL.test(input)) throw invalidUrl('url must not contain whitespace or control characters');
  const url = URL.parse(input);
  if (!url) throw invalidUrl('url must be an absolute URL such as https://example.com/page');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidUrl(`url must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw invalidUrl('url must not contain a user name or password');
  // Trailing dots name the same host to DNS ("localhost.." is localhost): all of them go
  // before the host rules compare names.
  const hostname = url.hostname.toLowerCase().replace(/\.+$/, '');
  const hostProblem = hostRefusal(hostname, policy);
  if (hostProblem) throw invalidUrl(hostProblem);
  if (url.href.length > URL_MAX_LENGTH) throw invalidUrl(`url must be at most ${URL_MAX_LENGTH} characters`);
  return url.href;
}
