// Pure checks of a planned window against freezes and weekly maintenance windows (UTC).

export interface Range {
  start: Date;
  end: Date;
}

export const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;

export interface WeeklyWindow {
  days: readonly number[];
  startMinute: number;
  durationMinutes: number;
}

const dayMs = 86_400_000;

/** Whether [start, end) lies wholly inside one occurrence of any of the weekly windows. */
export function insideMaintenance(range: Range, windows: readonly WeeklyWindow[]): boolean {
  const startDay = Math.floor(range.start.getTime() / dayMs);
  for (const window of windows) {
    // An occurrence that contains the start began on the start's day or up to a day before.
    for (const day of [startDay - 1, startDay]) {
      const weekday = new Date(day * dayMs).getUTCDay();
      if (!window.days.includes(weekday)) continue;
      const opens = day * dayMs + window.startMinute * 60_000;
      const closes = opens + window.durationMinutes * 60_000;
      if (range.start.getTime() >= opens && range.end.getTime() <= closes) return true;
    }
  }
  return false;
}

export function formatWindow(window: WeeklyWindow): string {
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const hh = String(Math.floor(window.startMinute / 60)).padStart(2, '0');
  const mm = String(window.startMinute % 60).padStart(2, '0');
  return `${window.days.map((day) => names[day]).join(', ')} ${hh}:${mm} UTC for ${window.durationMinutes} min`;
}
