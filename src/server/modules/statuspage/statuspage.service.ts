// The status for signed-in people: every service, internal ones too, with the open incidents on
// each that the viewer may see, and the published incidents with their public updates.
import type { AppContext } from '../../context.js';
import type { Principal } from '../identity/index.js';
import { buildSnapshot } from './snapshot.service.js';
import { uptimeOver } from './status.js';

export async function internalStatus(context: AppContext, principal: Principal) {
  const now = context.clock.now();
  const snapshot = await buildSnapshot(context.db, now, { viewer: principal, includeInternal: true });
  return {
    indicator: snapshot.indicator,
    description: snapshot.description,
    services: snapshot.components.map((component) => ({
      id: component.id,
      name: component.name,
      group: component.group,
      public: component.public,
      status: component.status,
      incidents: component.incidents,
      uptime: uptimeOver(component.bars),
    })),
    incidents: snapshot.active.map((incident) => ({
      key: incident.key,
      title: incident.title,
      status: incident.status,
      updates: incident.updates.map((update) => ({
        at: update.at,
        body: update.body,
        status: update.status,
      })),
    })),
  };
}
