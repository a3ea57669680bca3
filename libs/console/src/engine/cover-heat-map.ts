import { LONDON } from '@app/core';
import { DateTime } from 'luxon';

/**
 * The cover heat map: a table per London day of the walkout, departments down and the day's wall-clock
 * hours across, each cell the hour's required / assigned / shortfall. Shortfall is written in the cell
 * ("−2") and drawn with a pattern as well as a colour, so it never rests on colour alone; a covered hour
 * shows a tick.
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
  /** "Mon 12 Jan, 07:00 to 08:00", for the header's tooltip. */
  label: string;
}

export type HeatMapDepartment = Omit<DepartmentGaps, 'hours'>;

/**
 * One London day of the walkout: its own table, departments down and that day's hours across (24 at most,
 * 23 or 25 on the days the clocks change), so a day fits a laptop's width and a browser lays out only the
 * days on screen (`content-visibility: auto` on each day's region, app.css).
 */
export interface HeatMapDay {
  /** "2026-01-12": the day's anchor on the page. */
  date: string;
  /** "Monday 12 January". */
  label: string;
  columns: HeatMapColumn[];
  /** Per department (in `departments` order), that day's cells. */
  cells: HeatMapCell[][];
  /** Department-hours of the day short of consultants. */
  shortCells: number;
}

export interface HeatMap {
  departments: HeatMapDepartment[];
  days: HeatMapDay[];
  /** Hours × departments that are short of consultants, over the whole walkout. */
  shortCells: number;
}

export function levelOf(hour: Pick<GapHour, 'required' | 'shortfall'>): CellLevel {
  if (hour.required === 0) return 'none';
  if (hour.shortfall === 0) return 'covered';
  return hour.shortfall === 1 ? 'short-1' : hour.shortfall === 2 ? 'short-2' : 'short-3';
}

function cellOf(hour: GapHour): HeatMapCell {
  const level = levelOf(hour);
  // The hour and department are the cell's table headers (read with it); the words add the figures.
  return {
    level,
    text: level === 'none' ? '' : level === 'covered' ? '✓' : `−${hour.shortfall}`,
    description: level === 'none' ? 'no cover required' : `${hour.required} required, ${hour.assigned} assigned, ${hour.shortfall === 0 ? 'covered' : `${hour.shortfall} short`}`,
  };
}

/** Every department shares the walkout's hour grid, so the first department's hours are the columns. */
export function coverHeatMap(departments: readonly DepartmentGaps[]): HeatMap {
  const grid = departments[0]?.hours ?? [];
  const hourKeys = grid.map((hour) => DateTime.fromJSDate(hour.from, { zone: LONDON }).toFormat('yyyy-MM-dd HH'));
  const seen = new Map<string, number>();
  for (const key of hourKeys) seen.set(key, (seen.get(key) ?? 0) + 1);
  const days: HeatMapDay[] = [];
  /** Which day each hour of the grid falls on. */
  const dayOfHour: HeatMapDay[] = [];
  grid.forEach((hour, index) => {
    const from = DateTime.fromJSDate(hour.from, { zone: LONDON }).setLocale('en-GB');
    const to = DateTime.fromJSDate(hour.to, { zone: LONDON });
    const date = from.toISODate() ?? '';
    if (days[days.length - 1]?.date !== date) days.push({ date, label: from.toFormat('cccc d LLLL'), columns: [], cells: departments.map(() => []), shortCells: 0 });
    const day = days[days.length - 1];
    // The hour the clocks go back happens twice: the offset tells the two apart.
    const repeated = (seen.get(hourKeys[index]) ?? 0) > 1;
    const zone = repeated ? (from.isInDST ? ' BST' : ' GMT') : '';
    day.columns.push({ hour: `${from.toFormat('HH')}${zone}`, label: `${from.toFormat('ccc d LLL')}, ${from.toFormat('HH:mm')}${zone} to ${to.toFormat('HH:mm')}` });
    dayOfHour.push(day);
  });
  departments.forEach((department, row) => {
    department.hours.forEach((hour, index) => {
      const day = dayOfHour[index];
      const cell = cellOf(hour);
      day.cells[row].push(cell);
      if (cell.level.startsWith('short')) day.shortCells += 1;
    });
  });
  return {
    departments: departments.map(({ departmentId, name, siteName }) => ({ departmentId, name, siteName })),
    days,
    shortCells: days.reduce((total, day) => total + day.shortCells, 0),
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * One day's body rows as markup, written once here rather than by the template engine per cell (2,400
 * cells for 20 departments × 120 hours). Each cell: its level's class, the figure or tick shown (hidden
 * from screen readers) and the cell in words (visually hidden: `.app-heat-map td > span:last-child`).
 * Every text is escaped.
 */
export function heatMapDayBodyHtml(map: HeatMap, day: HeatMapDay): string {
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
  return map.departments
    .map((department, row) => `<tr><th scope="row">${escapeHtml(department.name)}<br><span class="nhsuk-body-s">${escapeHtml(department.siteName)}</span></th>${day.cells[row].map(cell).join('')}</tr>`)
    .join('\n');
}
