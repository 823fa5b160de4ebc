// The calendar editor's preview (before saving): working time between two wall-clock times and
// the breach instant of a goal started at the first, in the calendar's own time zone, DST included.
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { calendarPreviewIn, calendarPreviewOut } from '../../../shared/api/sla.js';
import { badRequest } from '../../lib/errors.js';
import { addWorkingMillis, workingMillisBetween } from './calendar.js';

type PreviewIn = z.infer<typeof calendarPreviewIn>;
type PreviewOut = z.output<typeof calendarPreviewOut>;

function instant(local: string, zone: string, field: string): DateTime {
  const at = DateTime.fromISO(local, { zone });
  if (!at.isValid) throw badRequest('invalid_date', `${field}: not a real date and time`, { field });
  return at;
}

export function previewCalendar(input: PreviewIn): PreviewOut {
  const zone = input.calendar.timeZone;
  const start = instant(input.start, zone, 'start');
  const end = instant(input.end, zone, 'end');
  if (end < start) throw badRequest('invalid_range', 'end: must not be before start', { field: 'end' });
  const workingMs = workingMillisBetween(input.calendar, start.toJSDate(), end.toJSDate());
  const breach = DateTime.fromJSDate(
    addWorkingMillis(input.calendar, start.toJSDate(), input.goalMinutes * 60_000),
    {
      zone,
    },
  );
  return {
    workingSeconds: Math.round(workingMs / 1000),
    breachAtLocal: breach.toFormat("yyyy-MM-dd'T'HH:mm"),
    breachAt: breach.toJSDate(),
    startOffset: start.toFormat('ZZ'),
    breachOffset: breach.toFormat('ZZ'),
  };
}
