// Changes in their window hold alerts back: an alert on a CI that an approved change (scheduled
// inside its planned window, or being implemented) touches is expected, so the events practice
// records it with status `maintenance` (by the change's key) and opens no incident for it.

import { changesInWindowOn } from '../modules/changes/index.js';
import { configureMaintenanceSource } from '../modules/events/index.js';

let wired = false;

export function changeWindowsHoldAlerts(): void {
  if (wired) return;
  wired = true;
  configureMaintenanceSource(async (db, ciIds, at) => {
    const asked = new Set(ciIds);
    const reasons = new Map<string, string>();
    for (const change of await changesInWindowOn(db, ciIds, at))
      for (const id of change.ciIds)
        if (asked.has(id) && !reasons.has(id)) reasons.set(id, `change:${change.key}`);
    return reasons;
  });
}
