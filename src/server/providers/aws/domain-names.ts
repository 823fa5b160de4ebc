// How a requested label becomes a staging domain, and which names a certificate covers.
import type { AwsDnsConfig } from './config.js';

const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `{label}.{environment}` + `.` + suffix, lower-cased: label `shop` of `bugfix1x2` under
 * `staging.example.com` is `shop.bugfix1x2.staging.example.com`. Null when the result is not
 * a valid host name (an environment name with an underscore, a name over 253 characters).
 */
export function stagingDomain(dns: AwsDnsConfig, label: string, environment: string): string | null {
  const host = dns.domainTemplate
    .replaceAll('{label}', label.toLowerCase())
    .replaceAll('{environment}', environment.toLowerCase());
  const domain = `${host}.${dns.domainSuffix}`;
  if (domain.length > 253) return null;
  return domain.split('.').every((part) => dnsLabel.test(part)) ? domain : null;
}

/** Whether a certificate name (possibly `*.example.com`) covers a host name. */
export function nameCovers(certificateName: string, host: string): boolean {
  const name = certificateName.toLowerCase().replace(/\.$/, '');
  const target = host.toLowerCase().replace(/\.$/, '');
  if (name === target) return true;
  if (!name.startsWith('*.')) return false;
  const firstDot = target.indexOf('.');
  return firstDot > 0 && target.slice(firstDot + 1) === name.slice(2);
}

export function namesCover(certificateNames: readonly string[], hosts: readonly string[]): boolean {
  return hosts.every((host) => certificateNames.some((name) => nameCovers(name, host)));
}

/** Whether a record belongs in the configured hosted zone. */
export function inZone(dns: AwsDnsConfig, name: string): boolean {
  const target = name.toLowerCase().replace(/\.$/, '');
  return target === dns.domainSuffix || target.endsWith(`.${dns.domainSuffix}`);
}
