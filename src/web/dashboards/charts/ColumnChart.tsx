// Grouped columns over time (e.g. created vs resolved per day or week), drawn at the measured
// width: x labels are thinned to what fits, values are printed above columns when there is room.
import { chartColors } from './ChartCard';
import { countTicks, labelIndices, linearScale, textWidth } from './scale';

export interface ColumnSeries {
  key: string;
  label: string;
  color: string;
  data: number[];
}

const fontSize = 12;
const top = 18;
const bottom = 28;

export function ColumnChart({
  labels,
  series,
  width,
  height,
  title,
}: {
  labels: string[];
  series: ColumnSeries[];
  width: number;
  height: number;
  title: string;
}) {
  const max = Math.max(0, ...series.flatMap((s) => s.data));
  const ticks = countTicks(max, height < 200 ? 3 : 4);
  const domainMax = ticks[ticks.length - 1] || 1;
  const left = Math.max(...ticks.map((tick) => textWidth(String(tick), fontSize))) + 10;
  const plotRight = width - 4;
  const plotBottom = height - bottom;
  const y = linearScale(0, domainMax, plotBottom, top);
  const count = Math.max(1, labels.length);
  const band = (plotRight - left) / count;
  const gap = band >= 10 ? Math.min(band * 0.2, 12) : 1;
  const columnWidth = Math.max(1, (band - gap) / series.length);
  const maxLabelWidth = Math.max(...labels.map((label) => textWidth(label, fontSize)), 1) + 16;
  const shown = new Set(labelIndices(labels.length, (plotRight - left) / maxLabelWidth));
  const valuesFit = columnWidth >= textWidth(String(max), 11) + 2;

  return (
    <svg
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${title}. The figures are in the table that follows.`}
      style={{ display: 'block', overflow: 'visible' }}
    >
      <g>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={left}
              x2={plotRight}
              y1={y(tick)}
              y2={y(tick)}
              stroke={chartColors.grid}
              strokeWidth={1}
            />
            <text x={left - 6} y={y(tick) + 4} fontSize={fontSize} fill={chartColors.muted} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {labels.map((label, index) => {
          if (!shown.has(index)) return null;
          const half = textWidth(label, fontSize) / 2;
          const center = Math.min(Math.max(left + band * (index + 0.5), left + half), plotRight - half);
          return (
            <text
              key={label}
              x={center}
              y={plotBottom + 18}
              fontSize={fontSize}
              fill={chartColors.muted}
              textAnchor="middle"
            >
              {label}
            </text>
          );
        })}
      </g>
      {labels.map((label, index) => {
        const bandStart = left + band * index + gap / 2;
        return (
          <g key={label}>
            {series.map((s, seriesIndex) => {
              const value = s.data[index] ?? 0;
              const columnX = bandStart + seriesIndex * columnWidth;
              const columnTop = y(value);
              return (
                <g key={s.key}>
                  {value > 0 ? (
                    <rect
                      x={columnX}
                      y={columnTop}
                      width={Math.max(1, columnWidth - (columnWidth > 4 ? 1 : 0))}
                      height={plotBottom - columnTop}
                      fill={s.color}
                    />
                  ) : null}
                  {valuesFit && value > 0 ? (
                    <text
                      x={columnX + columnWidth / 2}
                      y={columnTop - 4}
                      fontSize={11}
                      fontWeight={600}
                      textAnchor="middle"
                      fill={chartColors.text}
                    >
                      {value}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      })}
      <line
        x1={left}
        x2={plotRight}
        y1={plotBottom}
        y2={plotBottom}
        stroke={chartColors.muted}
        strokeWidth={1}
      />
    </svg>
  );
}
