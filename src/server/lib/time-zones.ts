// Luxon checks a zone by building an Intl formatter (2 % of a lifecycle's CPU in issue 18's
// profile); the answer for a name never changes, so each process remembers it.
import { IANAZone } from 'luxon';

const knownZones = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows; remembered per name (up to 1,000 names). */
export function isKnownTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    known = IANAZone.isValidZone(zone);
    if (knownZones.size < 1_000) knownZones.set(zone, known);
  }
  return known;
}
