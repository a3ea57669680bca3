import { DateTime } from 'luxon';
import { LONDON } from '@app/core';
import { ParticipationAnswer } from './walkout-rules';
import { WalkoutDay } from './walkout-days';

/**
 * Participation per walkout day (docs/domain.md, "Participation"): a day's own answer (the person's
 * declaration, or an admin's per-day upload) wins; otherwise the whole-walkout answer applies to every
 * day; null when nobody ever answered.
 */
export function answerForDay(whole: ParticipationAnswer | null | undefined, day: ParticipationAnswer | null | undefined): ParticipationAnswer | null {
  return day ?? whole ?? null;
}

/**
 * One answer for several days (a cover shift across 07:00, a whole walkout): taking part on any of them
 * counts as taking part — someone out for part of a shift cannot work it — "no" only when every day says
 * no, otherwise unknown; null when no day has any answer.
 */
export function answerAcross(answers: readonly (ParticipationAnswer | null)[]): ParticipationAnswer | null {
  if (answers.includes('yes')) return 'yes';
  if (answers.length > 0 && answers.every((answer) => answer === 'no')) return 'no';
  return answers.some((answer) => answer !== null) ? 'unknown' : null;
}

/** Per-day items naming a day the walkout does not have: one problem each, naming the field. */
export function unknownDayProblems(items: readonly { day?: string | null }[], days: readonly WalkoutDay[]): { field: string; message: string }[] {
  const known = new Set(days.map((day) => day.date));
  const list = days.map((day) => day.date).join(', ');
  return items.flatMap((item, index) =>
    item.day === undefined || item.day === null || known.has(item.day) ? [] : [{ field: `items[${index}].day`, message: `is not a day of this walkout (${list})` }],
  );
}

/** When the declaration request for a walkout day goes: at this London hour on the evening before. */
export const DECLARATION_EVENING_HOUR = 18;

/** 18:00 London on the date before the day's date (the day's own start if that is earlier, e.g. a walkout recorded late). */
export function declarationSendAt(day: WalkoutDay, eveningHour = DECLARATION_EVENING_HOUR): Date {
  const evening = DateTime.fromISO(day.date, { zone: LONDON }).minus({ days: 1 }).set({ hour: eveningHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  return evening < day.from ? evening : day.from;
}

/**
 * Whether a day's requests are due at `now`: from the evening before until the day ends (someone asked
 * late can still say whether they are out today, and the sitrep for the day is not yet submitted).
 */
export function declarationDue(day: WalkoutDay, now: Date, eveningHour = DECLARATION_EVENING_HOUR): boolean {
  return declarationSendAt(day, eveningHour) <= now && now < day.to;
}

// Only the words the message asks for: an answer that changes who is counted out is not guessed at.
const YES = new Set(['yes', 'y']);
const NO = new Set(['no', 'n']);

/**
 * A text reply to a declaration request: its first word, case and punctuation aside, "YES" (taking part)
 * or "NO" (working). Anything else is null — not guessed at — so the reply is left for a person to read.
 */
export function parseDeclarationReply(text: string): 'yes' | 'no' | null {
  const first = text.trim().toLowerCase().split(/\s+/)[0]?.replace(/[^a-z]/g, '') ?? '';
  if (YES.has(first)) return 'yes';
  if (NO.has(first)) return 'no';
  return null;
}

export interface DayAnswerCounts {
  date: string;
  yes: number;
  no: number;
  unknown: number;
}

/** Per walkout day, how many of those who answered anything say yes / no / unknown for that day (answerForDay). */
export function answerCountsByDay(days: readonly WalkoutDay[], people: readonly { whole: ParticipationAnswer | null; days: Record<string, ParticipationAnswer> }[]): DayAnswerCounts[] {
  return days.map((day) => {
    const counts: DayAnswerCounts = { date: day.date, yes: 0, no: 0, unknown: 0 };
    for (const person of people) {
      const answer = answerForDay(person.whole, person.days[day.date]);
      if (answer !== null) counts[answer] += 1;
    }
    return counts;
  });
}

/** Who is taking part on which day (answerForDay says yes), for the absence export. */
export function takingPartByDay(days: readonly WalkoutDay[], people: readonly { staffId: string; whole: ParticipationAnswer | null; days: Record<string, ParticipationAnswer> }[]): { staffId: string; day: string }[] {
  return days.flatMap((day) => people.filter((person) => answerForDay(person.whole, person.days[day.date]) === 'yes').map((person) => ({ staffId: person.staffId, day: day.date })));
}

/**
 * Who is asked to declare for a walkout day: staff of the groups the walkout names at its sites (a person
 * with no recorded site counts as at an affected site, as in the workforce count), who can be reached
 * (a mobile or an email). Staff outside the named groups are not asked: they are not called out.
 */
export function declarationCohort<S extends { grade: string; siteId: string | null; mobile: string | null; email: string | null }>(
  staff: readonly S[],
  walkout: { staffGroups: readonly string[]; siteIds: readonly string[] },
): S[] {
  return staff.filter(
    (person) =>
      walkout.staffGroups.includes(person.grade) &&
      (walkout.siteIds.length === 0 || person.siteId === null || walkout.siteIds.includes(person.siteId)) &&
      (person.mobile !== null || person.email !== null),
  );
}
