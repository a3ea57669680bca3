/**
 * The walkout's impact as bars: each row's appointments split into to postpone / kept / already
 * postponed, drawn to one scale so rows compare. The bars are drawn beside the numbers they show (the
 * table is the alternative), and each segment has a pattern as well as a colour.
 */
export interface ImpactRow {
  value: string;
  toPostpone: number;
  kept: number;
  alreadyPostponed: number;
}

export interface ChartSegment {
  key: 'to-postpone' | 'kept' | 'already-postponed';
  /** Width in percent of the chart's full width (the largest row's total is 100). */
  percent: number;
  count: number;
}

export interface ChartRow {
  label: string;
  total: number;
  toPostpone: number;
  kept: number;
  alreadyPostponed: number;
  segments: ChartSegment[];
}

const LABELS: Record<string, string> = {
  'outpatient-new': 'Outpatient, new',
  'outpatient-follow-up': 'Outpatient, follow-up',
  'day-case': 'Day case',
  inpatient: 'Inpatient',
  'two-week-wait': 'Two-week wait (suspected cancer)',
  urgent: 'Urgent',
  routine: 'Routine',
  P1a: 'P1a (within 24 hours)',
  P1b: 'P1b (within 72 hours)',
  P2: 'P2 (within 4 weeks)',
  P3: 'P3 (within 3 months)',
  P4: 'P4 (over 3 months)',
  none: 'No surgical priority',
};

export function impactLabel(value: string): string {
  return LABELS[value] ?? value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Rounded to a tenth of a percent; a segment with any appointments is never drawn narrower than 0.5 %. */
export function impactChart(rows: readonly ImpactRow[]): ChartRow[] {
  const totals = rows.map((row) => row.toPostpone + row.kept + row.alreadyPostponed);
  const scale = Math.max(1, ...totals);
  const width = (n: number) => (n === 0 ? 0 : Math.max(0.5, Math.round((1000 * n) / scale) / 10));
  return rows.map((row, index) => ({
    label: impactLabel(row.value),
    total: totals[index],
    toPostpone: row.toPostpone,
    kept: row.kept,
    alreadyPostponed: row.alreadyPostponed,
    segments: (
      [
        { key: 'to-postpone', count: row.toPostpone },
        { key: 'already-postponed', count: row.alreadyPostponed },
        { key: 'kept', count: row.kept },
      ] as const
    )
      .filter((segment) => segment.count > 0)
      .map((segment) => ({ ...segment, percent: width(segment.count) })),
  }));
}
