// Resolves a webhook target once, refuses non-public addresses, and connects to exactly the
// addresses it checked: a DNS answer that changes between the check and the connection (DNS
// rebinding) cannot steer the request to the server's own network.
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../../../../lib/network-guard.js';

export type PinnedTarget =
  | { ok: true; lookup?: LookupFunction }
  | { ok: false; retryable: boolean; reason: string };

export async function pinTarget(url: URL, allowPrivateNetworks: boolean): Promise<PinnedTarget> {
  if (allowPrivateNetworks) return { ok: true };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    return isPublicAddress(host)
      ? { ok: true }
      : { ok: false, retryable: false, reason: `${host} is not a public address` };
  }
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'lookup failed';
    return { ok: false, retryable: true, reason: `cannot resolve ${host}: ${code}` };
  }
  const refused = addresses.find((entry) => !isPublicAddress(entry.address));
  if (refused) {
    return {
      ok: false,
      retryable: false,
      reason: `${host} resolves to ${refused.address}, not a public address`,
    };
  }
  return { ok: true, lookup: pinnedLookup(host, addresses) };
}

/** A resolver that answers only with the addresses already checked. */
export function pinnedLookup(
  host: string,
  addresses: Array<{ address: string; family: number }>,
): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = addresses.filter((entry) => !options.family || entry.family === options.family);
    const first = wanted[0];
    if (!first) {
      callback(
        Object.assign(new Error(`${host} has no IPv${options.family} address`), { code: 'ENOTFOUND' }),
        '',
      );
    } else if (options.all) {
      callback(null, wanted);
    } else {
      callback(null, first.address, first.family);
    }
  };
}
