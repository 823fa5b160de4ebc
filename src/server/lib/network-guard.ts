// The one outbound network guard (against SSRF): every connection Opsdesk opens to a host an
// admin or a user configured — webhooks, chat webhooks, AWX, SMTP, and whatever comes next —
// is refused when the address is loopback, private, link-local or otherwise not public, unless
// the installation allows private networks (OPSDESK_ALLOW_PRIVATE_NETWORKS).
//
// It is enforced where the socket is opened: `guardedAgent` (http/https, and so fetch-like
// clients built on them) and `openGuardedSocket` (SMTP) check IP literals before connecting and
// every address the resolver returns, so a DNS answer that changes between a check and the
// connection (rebinding) cannot steer it. `checkWebhookTarget` is the early check that gives a
// readable reason before any work is done.
import { lookup as dnsLookup } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction, connect as netConnect, type Socket } from 'node:net';

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

/** Thrown (or passed to a callback) when the guard refuses a connection. */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  readonly code = 'EOUTBOUNDREFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host === address ? address : `${host} resolves to ${address}, which`} is not a public address; private networks are not allowed`,
    );
  }
}

export const isOutboundRefused = (error: unknown): boolean =>
  error instanceof OutboundRefusedError ||
  (error as { code?: unknown } | null)?.code === 'EOUTBOUNDREFUSED' ||
  (error instanceof Error && error.cause !== undefined && isOutboundRefused(error.cause));

type LookupEntry = { address: string; family: number };

/** Wraps a resolver so that it fails rather than answer with an address that is not public. */
export function guardLookup(inner: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    inner(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const entries: LookupEntry[] = Array.isArray(address)
        ? (address as LookupEntry[])
        : [{ address: address as string, family: family ?? 0 }];
      const refused = entries.find((entry) => !isPublicAddress(entry.address));
      if (refused) return callback(new OutboundRefusedError(hostname, refused.address), '', 0);
      callback(null, address, family);
    });
  };
}

/** The host part of connection options, without IPv6 brackets. */
function hostOf(options: { host?: string | null; hostname?: string | null }): string {
  return String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
}

/** An IP literal bypasses the resolver: check it before connecting. Null: go ahead. */
function refuseLiteral(host: string): OutboundRefusedError | null {
  return isIP(host) && !isPublicAddress(host) ? new OutboundRefusedError(host, host) : null;
}

type ConnectionCallback = (error: Error | null, socket?: Socket) => void;

function guardConnection<T extends http.Agent>(agent: T): T {
  type CreateConnection = (
    this: T,
    options: http.ClientRequestArgs,
    callback: ConnectionCallback,
  ) => Socket | undefined;
  const createConnection = (agent as unknown as { createConnection: CreateConnection }).createConnection;
  Object.assign(agent, {
    createConnection(this: T, options: http.ClientRequestArgs, callback: ConnectionCallback) {
      const refused = refuseLiteral(hostOf(options));
      if (refused) {
        // The agent reports it as the request's error.
        process.nextTick(() => callback(refused));
        return undefined;
      }
      const lookup = guardLookup((options.lookup as LookupFunction | undefined) ?? undefined);
      return createConnection.call(this, { ...options, lookup }, callback);
    },
  });
  return agent;
}

const agents = new Map<string, http.Agent>();

/**
 * An http(s) agent whose every connection passes the guard (nothing to check when private
 * networks are allowed). Pass it as `agent` to http.request / https.request.
 */
export function guardedAgent(protocol: 'http:' | 'https:', allowPrivateNetworks: boolean): http.Agent {
  const key = `${protocol}${allowPrivateNetworks}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = protocol === 'https:' ? new https.Agent() : new http.Agent();
    if (!allowPrivateNetworks) guardConnection(agent);
    agents.set(key, agent);
  }
  return agent;
}

/** A TCP connection through the guard (SMTP), resolved once connected. */
export function openGuardedSocket(input: {
  host: string;
  port: number;
  allowPrivateNetworks: boolean;
  timeoutMs: number;
}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const host = input.host.replace(/^\[|\]$/g, '');
    const refused = input.allowPrivateNetworks ? null : refuseLiteral(host);
    if (refused) {
      reject(refused);
      return;
    }
    const socket = netConnect({
      host,
      port: input.port,
      ...(input.allowPrivateNetworks ? {} : { lookup: guardLookup() }),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        Object.assign(new Error(`no connection to ${host}:${input.port} in time`), { code: 'ETIMEDOUT' }),
      );
    }, input.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
