import { londonWallClock } from '@app/core';
import { answerAcross, answerCountsByDay, answerForDay, declarationCohort, declarationDue, declarationSendAt, parseDeclarationReply, takingPartByDay, unknownDayProblems } from './participation-days';
import { dayAt, dayHours, daysTouching, walkoutDays } from './walkout-days';
import { strikeAbsences, strikeAbsencesCsv } from './strike-absences';
import { ParticipationAnswer } from './walkout-rules';

const days = walkoutDays(londonWallClock('2026-01-12', '07:00'), londonWallClock('2026-01-14', '07:00'));

describe('participation per walkout day', () => {
  it('lets a day’s own answer win over the whole-walkout answer, which applies to every other day', () => {
    expect(answerForDay('yes', 'no')).toBe('no');
    expect(answerForDay('yes', undefined)).toBe('yes');
    expect(answerForDay(null, undefined)).toBeNull();
  });

  it('reads several days as yes if any is yes, no only if all are no, else unknown', () => {
    expect(answerAcross(['no', 'yes'])).toBe('yes');
    expect(answerAcross(['no', 'no'])).toBe('no');
    expect(answerAcross(['no', null])).toBe('unknown');
    expect(answerAcross([null, null])).toBeNull();
    expect(answerAcross([])).toBeNull();
  });

  it('finds the day running at an instant and the days a shift across 07:00 touches', () => {
    expect(dayAt(days, londonWallClock('2026-01-13', '06:59'))?.date).toBe('2026-01-12');
    expect(dayAt(days, londonWallClock('2026-01-14', '07:00'))).toBeNull();
    expect(daysTouching(days, londonWallClock('2026-01-12', '19:00'), londonWallClock('2026-01-13', '08:00')).map((d) => d.date)).toEqual(['2026-01-12', '2026-01-13']);
  });

  it('counts each day from the resolved answers of everyone who answered', () => {
    const people: { staffId: string; whole: ParticipationAnswer | null; days: Record<string, ParticipationAnswer> }[] = [
      { staffId: 'a', whole: 'yes', days: { '2026-01-13': 'no' } },
      { staffId: 'b', whole: null, days: { '2026-01-12': 'yes' } },
    ];
    expect(answerCountsByDay(days, people)).toEqual([
      { date: '2026-01-12', yes: 2, no: 0, unknown: 0 },
      { date: '2026-01-13', yes: 0, no: 1, unknown: 0 },
    ]);
    expect(takingPartByDay(days, people)).toEqual([
      { staffId: 'a', day: '2026-01-12' },
      { staffId: 'b', day: '2026-01-12' },
    ]);
  });

  it('names the item whose day the walkout does not have', () => {
    expect(unknownDayProblems([{ day: '2026-01-12' }, {}, { day: '2026-01-14' }], days)).toEqual([{ field: 'items[2].day', message: 'is not a day of this walkout (2026-01-12, 2026-01-13)' }]);
  });
});

describe('daily declaration requests', () => {
  it('go at 18:00 London the evening before each day, until the day ends', () => {
    expect(declarationSendAt(days[0]).toISOString()).toBe('2026-01-11T18:00:00.000Z');
    expect(declarationDue(days[0], londonWallClock('2026-01-11', '17:59'))).toBe(false);
    expect(declarationDue(days[0], londonWallClock('2026-01-11', '18:00'))).toBe(true);
    expect(declarationDue(days[1], londonWallClock('2026-01-11', '18:00'))).toBe(false);
    expect(declarationDue(days[0], londonWallClock('2026-01-13', '07:00'))).toBe(false);
  });

  it('follow British Summer Time: 18:00 London is 17:00 UTC in June', () => {
    const [june] = walkoutDays(londonWallClock('2026-06-15', '07:00'), londonWallClock('2026-06-16', '07:00'));
    expect(declarationSendAt(june).toISOString()).toBe('2026-06-14T17:00:00.000Z');
  });

  it('ask only the named groups at the walkout’s sites (or with no site) who can be reached', () => {
    const person = (grade: string, siteId: string | null, mobile: string | null = '+447700900001') => ({ grade, siteId, mobile, email: null });
    const staff = [person('resident-doctor', 'a'), person('resident-doctor', 'b'), person('resident-doctor', null), person('consultant', 'a'), person('resident-doctor', 'a', null)];
    expect(declarationCohort(staff, { staffGroups: ['resident-doctor'], siteIds: ['a'] })).toEqual([staff[0], staff[2]]);
  });

  it('read a text reply of YES or NO, whatever the case and punctuation, and nothing else', () => {
    expect(parseDeclarationReply(' Yes. ')).toBe('yes');
    expect(parseDeclarationReply('y')).toBe('yes');
    expect(parseDeclarationReply('NO thanks')).toBe('no');
    expect(parseDeclarationReply('maybe')).toBeNull();
    expect(parseDeclarationReply('')).toBeNull();
    expect(parseDeclarationReply('not sure, yes')).toBeNull();
  });
});

describe('strike-day absences', () => {
  it('are one line per person per day taking part, with the day’s hours and the reason, via core’s CSV writer', () => {
    const rows = strikeAbsences(days, [{ staffNumber: 'R2', day: '2026-01-13' }, { staffNumber: 'R1', day: '2026-01-12' }], null);
    expect(strikeAbsencesCsv(rows)).toBe('staff_number,date,hours,reason\r\nR1,2026-01-12,24,industrial action\r\nR2,2026-01-13,24,industrial action\r\n');
  });

  it('count 25 hours on the autumn clock change, part days on a cut last day, and nothing after a call-off', () => {
    const autumn = walkoutDays(londonWallClock('2026-10-24', '07:00'), londonWallClock('2026-10-25', '17:00'));
    expect(autumn.map(dayHours)).toEqual([25, 10]);
    expect(strikeAbsences(days, [{ staffNumber: 'R1', day: '2026-01-13' }], londonWallClock('2026-01-12', '12:00'))).toEqual([]);
  });
});
