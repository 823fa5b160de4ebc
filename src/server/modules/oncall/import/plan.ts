// What an import will create, whatever the source: schedules, policies and contact methods named by
// the source's ids (so a second import finds what the first created), people by email. Pure helpers
// shared by the Opsgenie and PagerDuty readers.
import { DateTime } from 'luxon';
import type { Layer, Restriction } from '../rotation.js';

export type PlanLayer = Omit<Layer, 'members'> & { members: string[] /* emails */ };

export interface PlanSchedule {
  ref: string;
  name: string;
  description: string;
  timeZone: string;
  layers: PlanLayer[];
}

export type PlanTarget =
  | { type: 'user'; email: string }
  | { type: 'schedule'; ref: string }
  | { type: 'team'; name: string };

export interface PlanPolicy {
  ref: string;
  name: string;
  description: string;
  repeat: number;
  levels: { timeoutMinutes: number; targets: PlanTarget[] }[];
  services: string[];
}

export interface PlanContact {
  email: string;
  kind: 'email' | 'sms' | 'voice' | 'push' | 'chat';
  address: string;
}

export interface ImportPlan {
  schedules: PlanSchedule[];
  policies: PlanPolicy[];
  contacts: PlanContact[];
  warnings: string[];
}

/** An instant as the local date and HH:mm of the zone (a rotation's first hand-off). */
export function localStart(instant: string, zone: string): { startDate: string; handoffTime: string } {
  const local = DateTime.fromISO(instant, { setZone: false }).setZone(zone);
  return { startDate: local.toFormat('yyyy-MM-dd'), handoffTime: local.toFormat('HH:mm') };
}

/** The rotation of a shift length in hours. */
export function rotationOf(hours: number): Pick<Layer, 'rotation' | 'shiftHours'> {
  if (hours === 24) return { rotation: 'daily' };
  if (hours === 168) return { rotation: 'weekly' };
  return { rotation: 'custom', shiftHours: Math.max(1, Math.round(hours)) };
}

const hhmm = (minutes: number) =>
  `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Restriction windows for a span that starts on an ISO weekday at a minute of the day and lasts
 * `duration` minutes: split per day (an end at 00:00 runs to midnight; a start and end at 00:00
 * cover the whole day).
 */
export function windowsOf(startDay: number, startMinute: number, duration: number): Restriction[] {
  if (duration >= 7 * 1440) return [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00' }];
  if (startMinute + duration <= 1440)
    return [{ days: [startDay], start: hhmm(startMinute), end: hhmm(startMinute + duration) }];
  const windows: Restriction[] = [{ days: [startDay], start: hhmm(startMinute), end: '00:00' }];
  let left = duration - (1440 - startMinute);
  let day = (startDay % 7) + 1;
  while (left >= 1440) {
    windows.push({ days: [day], start: '00:00', end: '00:00' });
    left -= 1440;
    day = (day % 7) + 1;
  }
  if (left > 0) windows.push({ days: [day], start: '00:00', end: hhmm(left) });
  return windows;
}

/** Windows sharing a start and end become one with several days. */
export function mergeWindows(windows: Restriction[]): Restriction[] {
  const merged = new Map<string, Restriction>();
  for (const window of windows) {
    const key = `${window.start}-${window.end}`;
    const found = merged.get(key);
    if (found) found.days = [...new Set([...found.days, ...window.days])].sort();
    else merged.set(key, { ...window, days: [...window.days] });
  }
  return [...merged.values()];
}
