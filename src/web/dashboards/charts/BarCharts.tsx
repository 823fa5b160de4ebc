// Horizontal bar charts drawn in SVG at the measured width (text stays readable at 360 px):
// one bar per row with an optional target marker, or stacked segments. Row labels sit above
// their bars so long request-type names never squeeze the plot.
import type { ReactNode } from 'react';
import { chartColors } from './ChartCard';
import { linearScale, textWidth, wrapParts } from './scale';

const labelSize = 13;
const valueSize = 12;
const barHeight = 18;
const axisHeight = 26;

const noteLineHeight = 16;

/** Lines of notes under each bar: two on narrow screens, one on wide ones. */
export const noteLines = (width: number) => (width > 0 && width < 520 ? 2 : 1);

const rowHeight = (width: number, withNotes: boolean) =>
  50 + (withNotes ? noteLines(width) * noteLineHeight + 4 : 0);

/** The drawn height for `rows` rows at `width` px, known before the data arrives (for skeletons). */
export function barChartHeight(rows: number, width: number, withNotes = true): number {
  return Math.max(1, rows) * rowHeight(width, withNotes) + axisHeight;
}

function truncate(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  const room = Math.max(4, Math.floor(width / (size * 0.58)) - 1);
  return `${text.slice(0, room)}…`;
}

interface Axis {
  ticks: number[];
  format: (value: number) => string;
}

function XAxis({
  axis,
  x,
  top,
  bottom,
  width,
}: {
  axis: Axis;
  x: (v: number) => number;
  top: number;
  bottom: number;
  width: number;
}) {
  return (
    <g>
      {axis.ticks.map((tick, index) => {
        const position = x(tick);
        const anchor = index === 0 ? 'start' : position > width - 30 ? 'end' : 'middle';
        return (
          <g key={tick}>
            <line
              x1={position}
              x2={position}
              y1={top}
              y2={bottom}
              stroke={chartColors.grid}
              strokeWidth={1}
            />
            <text
              x={position}
              y={bottom + 16}
              fontSize={valueSize}
              fill={chartColors.muted}
              textAnchor={anchor}
            >
              {axis.format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Note({ parts, y, width }: { parts: string[]; y: number; width: number }) {
  const lines = wrapParts(parts, width - 4, noteLines(width), valueSize);
  return (
    <text x={0} y={y} fontSize={valueSize} fill={chartColors.muted}>
      {lines.map((line, index) => (
        <tspan key={line} x={0} dy={index === 0 ? 0 : noteLineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

export interface BarRow {
  key: string;
  label: string;
  value: number | null;
  valueText: string;
  target?: number | null;
  /** parts of the line under the bar, joined with " · " and wrapped between parts */
  note?: string[];
  /** colour of this bar (e.g. breached average in red) */
  color?: string;
}

interface BarLayout {
  barY: number;
  x: (v: number) => number;
  domainMax: number;
  right: number;
}

/**
 * What both bar charts draw alike: the svg, the axis with its grid, and per row the label and the
 * empty track. `bar` draws the rest of a row on top of the track.
 */
function BarFrame<Row extends { key: string; label: string; note?: string[] }>({
  rows,
  width,
  axis,
  title,
  bar,
}: {
  rows: Row[];
  width: number;
  axis: Axis;
  title: string;
  bar: (row: Row, layout: BarLayout) => ReactNode;
}) {
  const withNotes = rows.some((row) => row.note);
  const step = rowHeight(width, withNotes);
  const height = barChartHeight(rows.length, width, withNotes);
  const plotBottom = height - axisHeight;
  const domainMax = axis.ticks[axis.ticks.length - 1] || 1;
  const right = width - 2;
  const x = linearScale(0, domainMax, 0, right);

  return (
    <svg
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${title}. The figures are in the table that follows.`}
      style={{ display: 'block', overflow: 'visible' }}
    >
      <XAxis axis={axis} x={x} top={0} bottom={plotBottom} width={width} />
      {rows.map((row, index) => {
        const top = index * step;
        const barY = top + 22;
        return (
          <g key={row.key}>
            <text x={0} y={top + 14} fontSize={labelSize} fontWeight={600} fill={chartColors.text}>
              {truncate(row.label, width, labelSize)}
            </text>
            <rect x={0} y={barY} width={right} height={barHeight} fill={chartColors.track} rx={2} />
            {bar(row, { barY, x, domainMax, right })}
          </g>
        );
      })}
    </svg>
  );
}

export function BarChart({
  color = chartColors.primary,
  ...frame
}: {
  rows: BarRow[];
  width: number;
  axis: Axis;
  title: string;
  color?: string;
}) {
  return (
    <BarFrame
      {...frame}
      bar={(row, { barY, x, domainMax, right }) => {
        const end = row.value === null ? 0 : Math.max(2, x(Math.min(row.value, domainMax)));
        const valueWidth = textWidth(row.valueText, valueSize);
        const outside = end + 6 + valueWidth <= right;
        const targetX =
          row.target !== null && row.target !== undefined ? x(Math.min(row.target, domainMax)) : null;
        return (
          <>
            {row.value !== null ? (
              <rect x={0} y={barY} width={end} height={barHeight} fill={row.color ?? color} rx={2} />
            ) : null}
            {targetX !== null ? (
              <g>
                <line
                  x1={targetX}
                  x2={targetX}
                  y1={barY - 5}
                  y2={barY + barHeight + 5}
                  stroke={chartColors.target}
                  strokeWidth={3}
                />
              </g>
            ) : null}
            <text
              x={row.value === null ? 6 : outside ? end + 6 : end - 6}
              y={barY + 13}
              fontSize={valueSize}
              fontWeight={600}
              textAnchor={row.value === null || outside ? 'start' : 'end'}
              fill={row.value === null ? chartColors.muted : outside ? chartColors.text : 'white'}
              paintOrder="stroke"
              stroke={outside || row.value === null ? 'white' : 'none'}
              strokeWidth={outside ? 3 : 0}
            >
              {row.valueText}
            </text>
            {row.note ? <Note parts={row.note} y={barY + barHeight + 17} width={frame.width} /> : null}
          </>
        );
      }}
    />
  );
}

export interface StackSegment {
  key: string;
  label: string;
  value: number;
  color: string;
}

export interface StackRow {
  key: string;
  label: string;
  segments: StackSegment[];
  totalText: string;
  note?: string[];
}

export function StackedBarChart(frame: { rows: StackRow[]; width: number; axis: Axis; title: string }) {
  return (
    <BarFrame
      {...frame}
      bar={(row, { barY, x, domainMax, right }) => {
        let offset = 0;
        const total = row.segments.reduce((sum, segment) => sum + segment.value, 0);
        const end = x(Math.min(total, domainMax));
        const totalWidth = textWidth(row.totalText, valueSize);
        const totalOutside = end + 6 + totalWidth <= right;
        return (
          <>
            {row.segments.map((segment) => {
              const start = x(offset);
              offset += segment.value;
              const segmentWidth = x(offset) - start;
              if (segment.value <= 0) return null;
              const text = String(segment.value);
              const fits = segmentWidth >= textWidth(text, valueSize) + 8;
              return (
                <g key={segment.key}>
                  <rect
                    x={start}
                    y={barY}
                    width={Math.max(1, segmentWidth)}
                    height={barHeight}
                    fill={segment.color}
                  />
                  {fits ? (
                    <text
                      x={start + segmentWidth / 2}
                      y={barY + 13}
                      fontSize={valueSize}
                      fontWeight={600}
                      textAnchor="middle"
                      fill="white"
                    >
                      {text}
                    </text>
                  ) : null}
                </g>
              );
            })}
            {totalOutside ? (
              <text x={end + 6} y={barY + 13} fontSize={valueSize} fontWeight={600} fill={chartColors.text}>
                {row.totalText}
              </text>
            ) : null}
            {row.note || !totalOutside ? (
              <Note
                parts={totalOutside ? (row.note ?? []) : [row.totalText, ...(row.note ?? [])]}
                y={barY + barHeight + 17}
                width={frame.width}
              />
            ) : null}
          </>
        );
      }}
    />
  );
}
