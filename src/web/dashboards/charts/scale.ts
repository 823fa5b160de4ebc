// Scales and ticks for the hand-written SVG charts (pure, unit-tested).

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(d0: number, d1: number, r0: number, r1: number) {
  const span = d1 - d0;
  return (value: number) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** A "nice" step (1, 2, 2.5 or 5 × 10^n) close to span / count. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Ticks from 0 to a nice maximum ≥ max, about `count` intervals. Counts use whole-number steps. */
export function countTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const step = Math.max(1, niceStep(max, count));
  const wholeStep = Number.isInteger(step) ? step : Math.ceil(step);
  const top = Math.ceil(max / wholeStep) * wholeStep;
  const ticks: number[] = [];
  for (let value = 0; value <= top + wholeStep / 2; value += wholeStep) ticks.push(value);
  return ticks;
}

/** Ticks for percentages: 0–100 unless the values are small. */
export function percentTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 25, 50, 75, 100];
  if (max > 50) return [0, 25, 50, 75, 100];
  const step = niceStep(max, count);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let index = 0; index * step <= top + step / 2; index++) ticks.push(Number((index * step).toFixed(6)));
  return ticks;
}

const durationSteps = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  345_600, 604_800, 1_209_600, 2_592_000, 7_776_000, 31_536_000,
];

/** Ticks for durations in seconds, on human steps (1 min, 5 min, 1 h, 6 h, 1 d, 1 week …). */
export function durationTicks(maxSeconds: number, count = 4): number[] {
  if (!(maxSeconds > 0)) return [0, 60];
  const raw = maxSeconds / count;
  const step = durationSteps.find((candidate) => candidate >= raw) ?? niceStep(maxSeconds, count);
  const top = Math.ceil(maxSeconds / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(value);
  return ticks;
}

/** A compact duration for axis ticks: 90 → "1.5 min", 7200 → "2 h", 172800 → "2 d". */
export function shortDuration(seconds: number): string {
  if (seconds === 0) return '0';
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(seconds) >= size) {
      const value = seconds / size;
      const text = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
      return `${text} ${unit}`;
    }
  }
  return `${seconds} s`;
}

/** Indices of at most `maxLabels` labels to print, evenly spaced, first and last included. */
export function labelIndices(total: number, maxLabels: number): number[] {
  if (total <= 0) return [];
  const room = Math.max(1, Math.floor(maxLabels));
  if (total <= room) return Array.from({ length: total }, (_, index) => index);
  if (room === 1) return [0];
  const picked = new Set<number>();
  for (let index = 0; index < room; index++) picked.add(Math.round((index * (total - 1)) / (room - 1)));
  return [...picked];
}

/** A rough width of a label in px (SVG text cannot be measured before it is drawn). */
export function textWidth(text: string, fontSize = 12): number {
  return Math.ceil(text.length * fontSize * 0.58);
}

/** Greedy wrap of "a · b · c" parts into at most `maxLines` lines of `maxWidth` px (last one cut with …). */
export function wrapParts(
  parts: string[],
  maxWidth: number,
  maxLines: number,
  fontSize = 12,
  separator = ' · ',
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const candidate = line ? `${line}${separator}${part}` : part;
    if (!line || textWidth(candidate, fontSize) <= maxWidth) line = candidate;
    else {
      lines.push(line);
      line = part;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const rest = lines.slice(maxLines - 1).join(separator);
  const room = Math.max(4, Math.floor(maxWidth / (fontSize * 0.58)) - 1);
  kept[maxLines - 1] = rest.length > room ? `${rest.slice(0, room)}…` : rest;
  return kept;
}
