// A share as a ring: the part drawn in `color` over a grey track, the percentage in the middle.
import { chartColors } from './ChartCard';

export function Donut({
  percentage,
  label,
  color = chartColors.breached,
  size = 128,
}: {
  percentage: number;
  /** accessible text, e.g. "4.63 % of tickets entered need further support" */
  label: string;
  color?: string;
  size?: number;
}) {
  const stroke = 16;
  const radius = (size - stroke) / 2;
  const circumference = 2 * Math.PI * radius;
  const share = Math.min(100, Math.max(0, percentage)) / 100;
  const center = size / 2;
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
      <circle
        cx={center}
        cy={center}
        r={radius}
        fill="none"
        stroke={chartColors.track}
        strokeWidth={stroke}
      />
      {share > 0 ? (
        <circle
          cx={center}
          cy={center}
          r={radius}
          fill="none"
          stroke={color}
          strokeWidth={stroke}
          strokeDasharray={`${Math.max(2, share * circumference)} ${circumference}`}
          transform={`rotate(-90 ${center} ${center})`}
        />
      ) : null}
      <text
        x={center}
        y={center + 6}
        textAnchor="middle"
        fontSize={18}
        fontWeight={700}
        fill={chartColors.text}
      >
        {formatPercent(percentage)}
      </text>
    </svg>
  );
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const rounded = Math.round(value * 100) / 100;
  return `${rounded.toLocaleString('en-GB', { maximumFractionDigits: 2 })} %`;
}
