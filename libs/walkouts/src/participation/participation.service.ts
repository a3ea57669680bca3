import { CommonError, Transactions } from '@app/core';
import { StaffReads } from '@app/organisations';
import { Injectable } from '@nestjs/common';
import { answerCountsByDay, takingPartByDay, unknownDayProblems } from '../engine/participation-days';
import { strikeAbsences, strikeAbsencesCsv } from '../engine/strike-absences';
import { WalkoutDay, walkoutDays } from '../engine/walkout-days';
import { DeclarationRepository } from '../declarations/declaration.repository';
import { WalkoutService } from '../walkouts/walkout.service';
import { WalkoutReads } from '../walkouts/walkout-reads';
import { ParticipationRepository } from './participation.repository';

export interface DayParticipation extends WalkoutDay {
  yes: number;
  no: number;
  unknown: number;
  declarationsSent: number;
  declarationsAnswered: number;
}

/** Participation read per walkout day, the strike-day absence export, and the trust-recorded cancellations. */
@Injectable()
export class ParticipationService {
  constructor(
    private readonly walkouts: WalkoutService,
    private readonly participation: ParticipationRepository,
    private readonly declarations: DeclarationRepository,
    private readonly reads: WalkoutReads,
    private readonly staff: StaffReads,
    private readonly transactions: Transactions,
  ) {}

  async byDay(trustId: string, walkoutId: string): Promise<DayParticipation[]> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    const days = walkoutDays(walkout.startsAt, walkout.endsAt);
    const [people, requests] = await Promise.all([this.participation.answersOf(null, trustId, walkoutId), this.declarations.countsByDay(trustId, walkoutId)]);
    const counts = answerCountsByDay(days, people);
    return days.map((day, index) => ({
      ...day,
      yes: counts[index].yes,
      no: counts[index].no,
      unknown: counts[index].unknown,
      declarationsSent: requests.get(day.date)?.sent ?? 0,
      declarationsAnswered: requests.get(day.date)?.answered ?? 0,
    }));
  }

  /** Strike-day absences as CSV for the rostering system (staff_number, date, hours, reason). */
  async absencesCsv(trustId: string, walkoutId: string): Promise<string> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    const days = walkoutDays(walkout.startsAt, walkout.endsAt);
    const takingPart = takingPartByDay(days, await this.participation.answersOf(null, trustId, walkoutId));
    const numbers = await this.transactions.run((tx) => this.staff.numbersOf(tx, trustId, [...new Set(takingPart.map((row) => row.staffId))]));
    const rows = strikeAbsences(
      days,
      takingPart.flatMap((row) => (numbers.has(row.staffId) ? [{ staffNumber: numbers.get(row.staffId)!, day: row.day }] : [])),
      walkout.calledOffAt,
    );
    return strikeAbsencesCsv(rows);
  }

  /**
   * Community and mental-health cancellations for some days of the walkout (NHS England asks for them
   * apart, where the trust records them). A day sent again replaces what it had; null: not recorded.
   */
  async recordActivityCancellations(trustId: string, walkoutId: string, items: { day: string; community?: number | null; mentalHealth?: number | null }[], userId: string | null) {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    const days = walkoutDays(walkout.startsAt, walkout.endsAt);
    const problems = unknownDayProblems(items, days);
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.day);
      if (first !== undefined) problems.push({ field: `items[${index}].day`, message: `repeats items[${first}].day` });
      else seen.set(item.day, index);
    });
    if (problems.length) throw CommonError.validation(problems);
    return this.transactions.run(async (tx) => {
      await this.participation.upsertActivityCancellations(
        tx,
        trustId,
        walkoutId,
        items.map((item) => ({ day: item.day, community: item.community ?? null, mentalHealth: item.mentalHealth ?? null })),
        userId,
      );
      return (await this.reads.activityCancellationsOf(tx, [walkoutId])).map(({ day, community, mentalHealth }) => ({ day, community, mentalHealth }));
    });
  }
}
