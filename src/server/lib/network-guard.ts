// Outbound webhooks must not become a way to reach the server's own network (SSRF): a target
// whose address is loopback, private, link-local or otherwise not public is refused unless the
// installation allows it explicitly.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const mapped = groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff';
  const nat64 = groups.slice(0, 6).join(':') === '64:ff9b:0:0:0:0';
  if (!mapped && !nat64) return null;
  const high = Number.parseInt(groups[6] ?? '0', 16);
  const low = Number.parseInt(groups[7] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function expandIpv6(address: string): string[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split('.').map(Number);
    const hex = [((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)];
    text = text.slice(0, -dotted[1].length) + hex.map((value) => value.toString(16)).join(':');
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? headGroups.length !== 8 : missing < 0) return null;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.map((group) => Number.parseInt(group || '0', 16).toString(16));
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !nonPublic.check(address, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner) return !nonPublic.check(inner, 'ipv4');
    return !nonPublic.check(address, 'ipv6');
  }
  return false;
}

export type TargetCheck = { ok: true } | { ok: false; retryable: boolean; reason: string };

/** Resolves the URL's host and refuses it when any of its addresses is not public. */
export async function checkWebhookTarget(url: URL, allowPrivateNetworks: boolean): Promise<TargetCheck> {
  if (allowPrivateNetworks) return { ok: true };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      return { ok: false, retryable: true, reason: `cannot resolve ${host}: ${code}` };
    }
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused) {
    return {
      ok: false,
      retryable: false,
      reason: `${host} resolves to ${refused}, which is not a public address`,
    };
  }
  return { ok: true };
}
