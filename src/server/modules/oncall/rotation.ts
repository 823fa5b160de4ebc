// Rotation arithmetic: who is on call at an instant, and the shifts of a window. Pure: plain data
// in, plain data out. Hand-offs keep their local wall-clock time in the schedule's time zone, so a
// daily 09:00 hand-off stays at 09:00 across DST (the day itself is 23 or 25 hours long). A
// hand-off at a local time that does not exist that day (02:30 on a spring-forward night) happens
// at the first instant after the gap. Resolution order: overrides > higher layer > lower layer.
import { DateTime } from 'luxon';

export type RotationKind = 'daily' | 'weekly' | 'custom';

export interface Restriction {
  /** ISO weekdays the window starts on: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local `HH:mm`; an end at or before the start runs past midnight into the next day. */
  start: string;
  end: string;
}

export interface Layer {
  name: string;
  rotation: RotationKind;
  /** Shift length in hours for `custom` (daily = 24, weekly = 168). */
  shiftHours?: number | undefined;
  /** Local `HH:mm` of each hand-off. */
  handoffTime: string;
  /** Local date (`YYYY-MM-DD`) of the first shift: members[0] starts then. */
  startDate: string;
  /** User ids in rotation order. */
  members: string[];
  /** When set, the layer covers only these windows; outside them it has nobody. */
  restrictions?: Restriction[] | undefined;
}

export interface Override {
  userId: string;
  /** The person covered; null: the override takes the whole schedule. */
  replacesUserId: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface ScheduleDefinition {
  timeZone: string;
  /** Lowest first: a later layer with someone on call wins over the ones before it. */
  layers: Layer[];
  overrides: Override[];
}

export interface Shift {
  start: Date;
  end: Date;
  userIds: string[];
}

const hourMs = 3_600_000;

export function shiftHoursOf(layer: Pick<Layer, 'rotation' | 'shiftHours'>): number {
  if (layer.rotation === 'daily') return 24;
  if (layer.rotation === 'weekly') return 168;
  return layer.shiftHours ?? 24;
}

function hhmm(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/** An instant's local wall-clock time in the zone, as milliseconds of a UTC-like naive timeline. */
function wallMs(at: Date, zone: string): number {
  const local = DateTime.fromJSDate(at, { zone });
  return at.getTime() + local.offset * 60_000;
}

/** The instant of a naive wall-clock time in the zone (a time in a DST gap moves past the gap). */
function instantOfWall(naive: number, zone: string): number {
  const fields = DateTime.fromMillis(naive, { zone: 'utc' });
  return DateTime.fromObject(
    {
      year: fields.year,
      month: fields.month,
      day: fields.day,
      hour: fields.hour,
      minute: fields.minute,
      second: fields.second,
      millisecond: fields.millisecond,
    },
    { zone },
  ).toMillis();
}

function anchorWall(layer: Layer): number {
  const [year, month, day] = layer.startDate.split('-').map(Number);
  const { hour, minute } = hhmm(layer.handoffTime);
  return Date.UTC(year!, month! - 1, day!, hour, minute);
}

/** The instant the layer's k-th shift starts (k may be negative: before the start date). */
function boundary(layer: Layer, zone: string, k: number): number {
  return instantOfWall(anchorWall(layer) + k * shiftHoursOf(layer) * hourMs, zone);
}

/** The index of the layer's shift holding `at`: boundary(k) <= at < boundary(k + 1). */
export function shiftIndexAt(layer: Layer, zone: string, at: Date): number {
  const length = shiftHoursOf(layer) * hourMs;
  let k = Math.floor((wallMs(at, zone) - anchorWall(layer)) / length);
  const t = at.getTime();
  // The naive estimate is off by one only next to a hand-off moved by a DST change.
  while (boundary(layer, zone, k) > t) k -= 1;
  while (boundary(layer, zone, k + 1) <= t) k += 1;
  return k;
}

function memberOf(layer: Layer, k: number): string | undefined {
  const count = layer.members.length;
  if (count === 0) return undefined;
  return layer.members[((k % count) + count) % count];
}

/** Whether a restriction window covers the local time of `at`. */
export function withinRestrictions(restrictions: Restriction[] | undefined, zone: string, at: Date): boolean {
  if (!restrictions || restrictions.length === 0) return true;
  const local = DateTime.fromJSDate(at, { zone });
  const minutes = local.hour * 60 + local.minute;
  const day = local.weekday;
  const previous = day === 1 ? 7 : day - 1;
  return restrictions.some((window) => {
    const start = hhmm(window.start);
    const end = hhmm(window.end);
    const from = start.hour * 60 + start.minute;
    const to = end.hour * 60 + end.minute;
    if (from < to) return window.days.includes(day) && minutes >= from && minutes < to;
    return (window.days.includes(day) && minutes >= from) || (window.days.includes(previous) && minutes < to);
  });
}

/** Who a layer has on call at `at` (nobody outside its restrictions). */
export function layerOnCall(layer: Layer, zone: string, at: Date): string | undefined {
  if (layer.members.length === 0) return undefined;
  if (!withinRestrictions(layer.restrictions, zone, at)) return undefined;
  return memberOf(layer, shiftIndexAt(layer, zone, at));
}

/** Who is on call at `at`: the top layer with someone, then the overrides in force. */
export function whoIsOnCall(schedule: ScheduleDefinition, at: Date): string[] {
  let users: string[] = [];
  for (let index = schedule.layers.length - 1; index >= 0; index -= 1) {
    const user = layerOnCall(schedule.layers[index]!, schedule.timeZone, at);
    if (user) {
      users = [user];
      break;
    }
  }
  const t = at.getTime();
  for (const override of schedule.overrides) {
    if (override.startsAt.getTime() > t || override.endsAt.getTime() <= t) continue;
    if (override.replacesUserId === null) users = [override.userId];
    else users = users.map((user) => (user === override.replacesUserId ? override.userId : user));
  }
  return [...new Set(users)];
}

/** Every instant in [from, to) where the answer may change: hand-offs, window edges, overrides. */
function changePoints(schedule: ScheduleDefinition, from: Date, to: Date): number[] {
  const points = new Set<number>([from.getTime()]);
  const start = from.getTime();
  const end = to.getTime();
  const add = (t: number) => {
    if (t > start && t < end) points.add(t);
  };
  const zone = schedule.timeZone;
  for (const layer of schedule.layers) {
    for (let k = shiftIndexAt(layer, zone, from) + 1; ; k += 1) {
      const t = boundary(layer, zone, k);
      if (t >= end) break;
      add(t);
    }
    if (layer.restrictions && layer.restrictions.length > 0) {
      let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
      while (day.toMillis() < end) {
        for (const window of layer.restrictions) {
          for (const edge of [window.start, window.end]) add(day.set(hhmm(edge)).toMillis());
        }
        day = day.plus({ days: 1 });
      }
    }
  }
  for (const override of schedule.overrides) {
    add(override.startsAt.getTime());
    add(override.endsAt.getTime());
  }
  return [...points].sort((a, b) => a - b);
}

/** The final schedule of a window as consecutive shifts (adjacent equal ones merged). */
export function shiftsBetween(schedule: ScheduleDefinition, from: Date, to: Date): Shift[] {
  if (to.getTime() <= from.getTime()) return [];
  const points = changePoints(schedule, from, to);
  const shifts: Shift[] = [];
  for (const [index, point] of points.entries()) {
    const end = points[index + 1] ?? to.getTime();
    const userIds = whoIsOnCall(schedule, new Date(point));
    const last = shifts.at(-1);
    if (last && last.userIds.join() === userIds.join()) last.end = new Date(end);
    else shifts.push({ start: new Date(point), end: new Date(end), userIds });
  }
  return shifts.filter((shift) => shift.userIds.length > 0);
}

/** Overrides that overlap in time and cover the same person (or either the whole schedule). */
export function overlappingOverride<T extends Override>(
  existing: readonly T[],
  candidate: Override,
): T | undefined {
  return existing.find(
    (other) =>
      other.startsAt.getTime() < candidate.endsAt.getTime() &&
      candidate.startsAt.getTime() < other.endsAt.getTime() &&
      (other.replacesUserId === null ||
        candidate.replacesUserId === null ||
        other.replacesUserId === candidate.replacesUserId),
  );
}
