// Which mailing lists an incident communication goes to (seed 001: lists "by service you provide,
// and by region/country"): a list matches when it covers one of the incident's services and one
// of its regions. A list without services (or regions) covers all of them.

export interface AudienceScope {
  services: readonly string[];
  regions: readonly string[];
}

const normalise = (values: readonly string[]) => new Set(values.map((value) => value.trim().toLowerCase()));

function covers(listValues: readonly string[], incidentValues: readonly string[]): boolean {
  if (listValues.length === 0 || incidentValues.length === 0) return true;
  const wanted = normalise(listValues);
  return [...normalise(incidentValues)].some((value) => wanted.has(value));
}

export function listMatchesIncident(list: AudienceScope, incident: AudienceScope): boolean {
  return covers(list.services, incident.services) && covers(list.regions, incident.regions);
}
