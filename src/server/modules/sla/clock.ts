import {
  addWorkingMs,
  type CompiledCalendar,
  compileCalendar,
  segmentsBetween,
} from './calendar-segments.js';
import { checkHistory, type TicketEvent } from './history.js';
import { anyConditionFires, pausedIn, type SlaMetric, type StatusChange } from './policy.js';

// The state of an SLA clock, derived from nothing but the metric and the ticket's history, so it
// is recomputed whole whenever either changes (a reopen, an edited goal or calendar) and every
// second it counted can be shown with its reason.
//
// At each event the start conditions are tried first, then the stop conditions: an event that
// matches both (a ticket created straight into a resolved status) gives a zero-length run.
//
// Breaches across cycles. With onRestart 'new_cycle' each cycle is measured against the full
// goal on its own. A cycle is breached when its elapsed time passed the goal; one still running
// or paused is breached from the instant the time is used up, while one stopped at exactly that
// instant met its goal. The clock as a whole is breached if any cycle was: a broken promise
// stays broken, and a fast second round after a reopen does not undo it. It is met only when it
// is stopped and no cycle was breached. With 'continue' there is one cycle, which a reopen
// resumes, so a clock that met its goal can become breached after a reopen.

export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped';
export type ClockSpanKind =
  | 'not_started'
  | 'counting'
  | 'paused'
  | 'outside_working_hours'
  | 'holiday'
  | 'stopped';

/** One stretch of the explanation: why the time between `from` and `to` counted or not. */
export interface ClockSpan {
  from: Date;
  to: Date;
  kind: ClockSpanKind;
  /** In words: 'counting', 'paused: in waiting_for_customer', "holiday: New Year's Day" … */
  reason: string;
  countedSeconds: number;
  /** The cycle the span belongs to; null before the first start and while stopped. */
  cycle: number | null;
}

export interface ClockCycle {
  /** 1, 2, … */
  number: number;
  startedAt: Date;
  stoppedAt: Date | null;
  elapsedSeconds: number;
  breached: boolean;
  met: boolean;
  /** When the warning share was or will be reached; null if not reached and not running. */
  warnAt: Date | null;
  /** When the goal was or will be used up; null if not breached and not running. */
  breachAt: Date | null;
}

export interface ClockResult {
  metricKey: string;
  state: ClockState;
  /** The current cycle's number; null before the clock first starts. */
  cycle: number | null;
  /** Working time counted in the current cycle. */
  elapsedSeconds: number;
  goalSeconds: number | null;
  /** Goal minus elapsed in the current cycle, negative once over; null without a goal. */
  remainingSeconds: number | null;
  /** Whether any cycle was breached (see the comment at the top). */
  breached: boolean;
  /** Stopped, with a goal, and no cycle breached. */
  met: boolean;
  /** The current cycle's warning instant: past if reached, projected if running, else null. */
  warnAt: Date | null;
  /** The current cycle's breach instant: past if breached, projected if running, else null. */
  breachAt: Date | null;
  cycles: ClockCycle[];
  /** Consecutive spans from the ticket's creation to `now`. */
  intervals: ClockSpan[];
}

interface CycleTally {
  number: number;
  startedAtMs: number;
  stoppedAtMs: number | null;
  elapsedMs: number;
  warnReachedMs: number | null;
  goalReachedMs: number | null;
}

interface SpanDraft {
  fromMs: number;
  toMs: number;
  kind: ClockSpanKind;
  reason: string;
  countedMs: number;
  cycle: number | null;
}

interface Thresholds {
  goalMs: number | null;
  warnMs: number | null;
}

function statusChange(event: TicketEvent): StatusChange {
  return event.kind === 'created'
    ? { created: true, left: null, entered: event.status }
    : { created: false, left: event.from, entered: event.to };
}

/** Spans arrive consecutive; a span with the same reason as the last one extends it. */
function pushSpan(spans: SpanDraft[], span: SpanDraft): void {
  const last = spans.at(-1);
  if (last && last.reason === span.reason && last.cycle === span.cycle) {
    last.toMs = span.toMs;
    last.countedMs += span.countedMs;
  } else {
    spans.push(span);
  }
}

function uncounted(kind: ClockSpanKind, reason: string, fromMs: number, toMs: number, cycle: number | null) {
  return { fromMs, toMs, kind, reason, countedMs: 0, cycle };
}

/** Counts the working time in [fromMs, toMs) into the cycle and records why each part did or not. */
function count(
  calendar: CompiledCalendar,
  cycle: CycleTally,
  thresholds: Thresholds,
  fromMs: number,
  toMs: number,
  spans: SpanDraft[],
): void {
  for (const { from, to, kind, holiday } of segmentsBetween(calendar, fromMs, toMs)) {
    if (kind === 'holiday') {
      pushSpan(spans, uncounted('holiday', `holiday: ${holiday}`, from, to, cycle.number));
    } else if (kind === 'outside_working_hours') {
      pushSpan(spans, uncounted('outside_working_hours', 'outside working hours', from, to, cycle.number));
    } else {
      const before = cycle.elapsedMs;
      const after = before + (to - from);
      const { warnMs, goalMs } = thresholds;
      if (warnMs !== null && cycle.warnReachedMs === null && after >= warnMs) {
        cycle.warnReachedMs = from + (warnMs - before);
      }
      if (goalMs !== null && cycle.goalReachedMs === null && after >= goalMs) {
        cycle.goalReachedMs = from + (goalMs - before);
      }
      cycle.elapsedMs = after;
      const counted = to - from;
      pushSpan(spans, {
        fromMs: from,
        toMs: to,
        kind: 'counting',
        reason: 'counting',
        countedMs: counted,
        cycle: cycle.number,
      });
    }
  }
}

function isBreached(cycle: CycleTally, goalMs: number | null): boolean {
  if (goalMs === null) return false;
  return cycle.stoppedAtMs === null ? cycle.elapsedMs >= goalMs : cycle.elapsedMs > goalMs;
}

function toCycle(
  cycle: CycleTally,
  thresholds: Thresholds,
  calendar: CompiledCalendar,
  runningAtMs: number | null,
): ClockCycle {
  const breached = isBreached(cycle, thresholds.goalMs);
  const project = (threshold: number | null): Date | null =>
    threshold === null || runningAtMs === null
      ? null
      : new Date(addWorkingMs(calendar, runningAtMs, threshold - cycle.elapsedMs));
  const warnAt = cycle.warnReachedMs !== null ? new Date(cycle.warnReachedMs) : project(thresholds.warnMs);
  const breachAt =
    breached && cycle.goalReachedMs !== null ? new Date(cycle.goalReachedMs) : project(thresholds.goalMs);
  return {
    number: cycle.number,
    startedAt: new Date(cycle.startedAtMs),
    stoppedAt: cycle.stoppedAtMs === null ? null : new Date(cycle.stoppedAtMs),
    elapsedSeconds: cycle.elapsedMs / 1000,
    breached,
    met: thresholds.goalMs !== null && cycle.stoppedAtMs !== null && !breached,
    warnAt,
    breachAt,
  };
}

export function computeClock(metric: SlaMetric, history: readonly TicketEvent[], now: Date): ClockResult {
  checkHistory(history);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('now is an invalid date');

  const calendar = compileCalendar(metric.calendar);
  const goalMs = metric.goalSeconds === null ? null : metric.goalSeconds * 1000;
  const thresholds: Thresholds = {
    goalMs,
    warnMs: goalMs === null ? null : Math.round(goalMs * metric.warnAtShare),
  };
  const events = history.filter((event) => event.at.getTime() <= nowMs);
  const cycles: CycleTally[] = [];
  const spans: SpanDraft[] = [];
  let phase: 'not_started' | 'active' | 'stopped' = 'not_started';
  let status = '';

  for (const [index, event] of events.entries()) {
    const atMs = event.at.getTime();
    const change = statusChange(event);
    status = change.entered;
    if (phase !== 'active' && anyConditionFires(metric.start, change)) {
      const last = cycles.at(-1);
      if (last && metric.onRestart === 'continue') {
        last.stoppedAtMs = null;
      } else {
        const number = cycles.length + 1;
        cycles.push({
          number,
          startedAtMs: atMs,
          stoppedAtMs: null,
          elapsedMs: 0,
          warnReachedMs: null,
          goalReachedMs: null,
        });
      }
      phase = 'active';
    }
    if (phase === 'active' && anyConditionFires(metric.stop, change)) {
      cycles.at(-1)!.stoppedAtMs = atMs;
      phase = 'stopped';
    }

    const untilMs = events[index + 1]?.at.getTime() ?? nowMs;
    if (untilMs <= atMs) continue;
    const current = cycles.at(-1);
    if (phase === 'not_started' || !current) {
      pushSpan(spans, uncounted('not_started', 'not started', atMs, untilMs, null));
    } else if (phase === 'stopped') {
      pushSpan(spans, uncounted('stopped', 'stopped', atMs, untilMs, null));
    } else if (pausedIn(metric.pause, status)) {
      pushSpan(spans, uncounted('paused', `paused: in ${status}`, atMs, untilMs, current.number));
    } else {
      count(calendar, current, thresholds, atMs, untilMs, spans);
    }
  }

  const current = cycles.at(-1) ?? null;
  let state: ClockState = 'running';
  if (phase !== 'active') state = phase;
  else if (pausedIn(metric.pause, status)) state = 'paused';
  const finished = cycles.map((cycle) =>
    toCycle(cycle, thresholds, calendar, cycle === current && state === 'running' ? nowMs : null),
  );
  const currentCycle = finished.at(-1) ?? null;
  const breached = finished.some((cycle) => cycle.breached);
  const elapsedMs = current?.elapsedMs ?? 0;
  return {
    metricKey: metric.key,
    state,
    cycle: currentCycle?.number ?? null,
    elapsedSeconds: elapsedMs / 1000,
    goalSeconds: metric.goalSeconds,
    remainingSeconds: goalMs === null ? null : (goalMs - elapsedMs) / 1000,
    breached,
    met: state === 'stopped' && goalMs !== null && !breached,
    warnAt: currentCycle?.warnAt ?? null,
    breachAt: currentCycle?.breachAt ?? null,
    cycles: finished,
    intervals: spans.map((span) => ({
      from: new Date(span.fromMs),
      to: new Date(span.toMs),
      kind: span.kind,
      reason: span.reason,
      countedSeconds: span.countedMs / 1000,
      cycle: span.cycle,
    })),
  };
}
