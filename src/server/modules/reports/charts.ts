// The "data for charts" part of every report: one label per category (request type or day) and
// named series of values in a stated unit, ready for a bar or line chart.
import type { Chart } from '../../../shared/api/reports.js';

type Unit = Chart['series'][number]['unit'];

export function chartOf<Row>(
  rows: readonly Row[],
  label: (row: Row) => string,
  series: ReadonlyArray<{ key: string; label: string; unit: Unit; value: (row: Row) => number | null }>,
): Chart {
  return {
    labels: rows.map(label),
    series: series.map((one) => ({
      key: one.key,
      label: one.label,
      unit: one.unit,
      data: rows.map(one.value),
    })),
  };
}
