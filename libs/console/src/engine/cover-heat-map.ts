import { LONDON } from '@app/core';
import { DateTime } from 'luxon';

/**
 * The cover heat map: departments down, the walkout's London wall-clock hours across, each cell the
 * hour's required / assigned / shortfall. Shortfall is written in the cell ("−2") and drawn with a
 * pattern as well as a colour, so it never rests on colour alone; a covered hour shows a tick.
 */
export interface GapHour {
  from: Date;
  to: Date;
  required: number;
  assigned: number;
  shortfall: number;
}

export interface DepartmentGaps {
  departmentId: string;
  name: string;
  siteName: string;
  hours: readonly GapHour[];
  shortfallHours: number;
}

export type CellLevel = 'none' | 'covered' | 'short-1' | 'short-2' | 'short-3';

export interface HeatMapCell {
  level: CellLevel;
  /** What the cell shows: "−2", "✓", or nothing when no cover is required. */
  text: string;
  /** The cell in words, for screen readers and the tooltip. */
  description: string;
}

export interface HeatMapColumn {
  /** "07" — the hour as the header shows it. */
  hour: string;
  /** The day when it changes (the first column, and each midnight), else null. */
  day: string | null;
  /** "Mon 12 Jan, 07:00 to 08:00", for the cells' descriptions. */
  label: string;
}

export interface HeatMap {
  columns: HeatMapColumn[];
  /** Day headings spanning their hours. */
  days: { label: string; span: number }[];
  rows: { departmentId: string; name: string; siteName: string; shortfallHours: number; cells: HeatMapCell[] }[];
  /** Hours × departments that are short of consultants. */
  shortCells: number;
}

export function levelOf(hour: Pick<GapHour, 'required' | 'shortfall'>): CellLevel {
  if (hour.required === 0) return 'none';
  if (hour.shortfall === 0) return 'covered';
  return hour.shortfall === 1 ? 'short-1' : hour.shortfall === 2 ? 'short-2' : 'short-3';
}

/** Every department shares the walkout's hour grid, so the first department's hours are the columns. */
export function coverHeatMap(departments: readonly DepartmentGaps[]): HeatMap {
  const grid = departments[0]?.hours ?? [];
  const columns: HeatMapColumn[] = [];
  const days: HeatMap['days'] = [];
  let previousDay = '';
  const hourKeys = grid.map((hour) => DateTime.fromJSDate(hour.from, { zone: LONDON }).toFormat('yyyy-MM-dd HH'));
  const seen = new Map<string, number>();
  for (const key of hourKeys) seen.set(key, (seen.get(key) ?? 0) + 1);
  grid.forEach((hour, index) => {
    const from = DateTime.fromJSDate(hour.from, { zone: LONDON }).setLocale('en-GB');
    const to = DateTime.fromJSDate(hour.to, { zone: LONDON });
    const day = from.toFormat('ccc d LLL');
    const newDay = day !== previousDay;
    if (newDay) days.push({ label: from.toFormat('cccc d LLLL'), span: 0 });
    days[days.length - 1].span += 1;
    previousDay = day;
    // The hour the clocks go back happens twice: the offset tells the two apart.
    const repeated = (seen.get(hourKeys[index]) ?? 0) > 1;
    const hourText = `${from.toFormat('HH')}${repeated ? (from.isInDST ? ' BST' : ' GMT') : ''}`;
    columns.push({ hour: hourText, day: newDay ? day : null, label: `${day}, ${from.toFormat('HH:mm')}${repeated ? (from.isInDST ? ' BST' : ' GMT') : ''} to ${to.toFormat('HH:mm')}` });
  });
  let shortCells = 0;
  const rows = departments.map((department) => ({
    departmentId: department.departmentId,
    name: department.name,
    siteName: department.siteName,
    shortfallHours: department.shortfallHours,
    cells: department.hours.map((hour, index): HeatMapCell => {
      const level = levelOf(hour);
      if (level.startsWith('short')) shortCells += 1;
      // The hour and department are the cell's table headers (read with it); the words add the figures.
      return {
        level,
        text: level === 'none' ? '' : level === 'covered' ? '✓' : `−${hour.shortfall}`,
        description: level === 'none' ? 'no cover required' : `${hour.required} required, ${hour.assigned} assigned, ${hour.shortfall === 0 ? 'covered' : `${hour.shortfall} short`}`,
      };
    }),
  }));
  return { columns, days, rows, shortCells };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * The heat map's body rows as markup, written once here rather than by the template engine per cell
 * (2,400 cells for 20 departments × 120 hours). Each cell: its level's class, the figure or tick shown
 * (hidden from screen readers) and the cell in words (visually hidden: `.app-heat-map td > span:last-child`).
 * Every text is escaped.
 */
export function heatMapBodyHtml(map: HeatMap): string {
  const cellHtml = new Map<string, string>();
  const cell = (c: HeatMapCell) => {
    const key = `${c.level}|${c.text}|${c.description}`;
    let html = cellHtml.get(key);
    if (html === undefined) {
      html = `<td class="app-hm-${c.level}">${c.text ? `<span aria-hidden="true">${escapeHtml(c.text)}</span>` : ''}<span>${escapeHtml(c.description)}</span></td>`;
      cellHtml.set(key, html);
    }
    return html;
  };
  return map.rows
    .map((row) => `<tr><th scope="row">${escapeHtml(row.name)}<br><span class="nhsuk-body-s">${escapeHtml(row.siteName)}</span></th>${row.cells.map(cell).join('')}</tr>`)
    .join('\n');
}
