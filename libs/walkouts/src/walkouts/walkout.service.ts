import { Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage, Transactions } from '@app/core';
import { duplicateKeyProblems, OrganisationError, OrganisationErrorCode, OrganisationService, PeopleService } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';

import { WalkoutChangeCheck } from './walkout-change';
import { NewWalkout, WalkoutRecord, WalkoutRepository } from './walkout.repository';
import { noticeDays, ParticipationAnswer, walkoutStatus, WalkoutStatus, walkoutTimingProblems, WalkoutWarning, walkoutWarnings } from '../engine/walkout-rules';
import { unknownDayProblems } from '../engine/participation-days';
import { dayAt, walkoutDays } from '../engine/walkout-days';
import { ParticipationRepository } from '../participation/participation.repository';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';

export interface WalkoutView extends WalkoutRecord {
  status: WalkoutStatus;
  /** null when the notice date is unknown. */
  noticeDays: number | null;
  warnings: WalkoutWarning[];
}

/** A walkout on the national view. */
export interface NationalWalkoutView extends WalkoutRecord {
  status: WalkoutStatus;
  noticeDays: number | null;
  /** The walkout day the counts are for: the one running now, else the first (announced) or the last (ended). */
  participationDay: string;
  participation: Record<ParticipationAnswer, number>;
}

export interface RecordWalkoutCommand {
  union: string;
  staffGroups: string[];
  mode: NewWalkout['mode'];
  startsAt: Date;
  endsAt: Date;
  noticeReceivedAt?: Date;
  siteIds?: string[];
}

export interface ChangeWalkoutCommand {
  startsAt?: Date;
  endsAt?: Date;
  staffGroups?: string[];
  siteIds?: string[];
  /** null: the notice date is unknown. */
  noticeReceivedAt?: Date | null;
}

@Injectable()
export class WalkoutService {
  private readonly logger = new Logger('Walkouts');
  private readonly changeChecks: WalkoutChangeCheck[] = [];

  constructor(
    private readonly walkouts: WalkoutRepository,
    private readonly participation: ParticipationRepository,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  async record(trustId: string, command: RecordWalkoutCommand, createdBy: string | null): Promise<WalkoutView> {
    await this.organisations.getTrust(trustId);
    // Absent means unknown: recorded as such (with a warning), never replaced by a date nobody gave.
    const noticeReceivedAt = command.noticeReceivedAt ?? null;
    const problems = walkoutTimingProblems({ ...command, noticeReceivedAt }, { startsAt: true, endsAt: true });
    const siteIds = [...new Set(command.siteIds ?? [])];
    problems.push(...(await this.siteProblems(trustId, command.siteIds ?? [])));
    if (problems.length) throw CommonError.validation(problems);

    const walkout = {
      trustId,
      unionName: command.union,
      staffGroups: [...new Set(command.staffGroups)],
      mode: command.mode,
      startsAt: command.startsAt,
      endsAt: command.endsAt,
      noticeReceivedAt,
      siteIds,
      createdBy,
    };
    const id = await this.transactions.run((tx) => this.walkouts.insert(tx, walkout));
    const view = await this.get(trustId, id);
    this.logger.log({ msg: 'walkout recorded', trustId, walkoutId: id, warnings: view.warnings.map((w) => w.code) });
    return view;
  }

  /** Another lib's check of what an edit leaves behind (see WalkoutChangeCheck). */
  registerChangeCheck(check: WalkoutChangeCheck): void {
    this.changeChecks.push(check);
  }

  /**
   * Edits a walkout's times, staff groups, sites or notice date while it is still announced (the union
   * moved it, a typo in the notice). Once it has started or been called off its record is history: 409.
   * Notice days and warnings follow on read; the answer adds what the edit leaves behind (e.g.
   * appointments postponed under the old times), which the registered checks report or refuse.
   */
  async change(trustId: string, walkoutId: string, command: ChangeWalkoutCommand): Promise<WalkoutView> {
    const sent = Object.entries(command).filter(([, value]) => value !== undefined);
    if (!sent.length) throw CommonError.validation([{ field: 'body', message: 'must change at least one of startsAt, endsAt, staffGroups, siteIds, noticeReceivedAt' }]);
    const siteProblems = command.siteIds ? await this.siteProblems(trustId, command.siteIds) : [];
    const consequences = await this.transactions.run(async (tx) => {
      // FOR UPDATE also waits out (and holds off) rebooking runs and postponements being recorded for this
      // walkout: their rows reference it, and the foreign-key check takes a share lock on this row.
      const current = await this.walkouts.lockForChange(tx, trustId, walkoutId);
      if (!current) throw new WalkoutError(WalkoutErrorCode.WalkoutNotFound, 'Walkout not found');
      const status = walkoutStatus(current, this.clock.now());
      if (status === 'called-off') throw new WalkoutError(WalkoutErrorCode.AlreadyCalledOff, 'This walkout has been called off: it can no longer be changed');
      if (status !== 'announced') throw new WalkoutError(WalkoutErrorCode.AlreadyStarted, `This walkout has ${status === 'ended' ? 'ended' : 'started'}: its times are now the record of what happened`);
      const next = {
        startsAt: command.startsAt ?? current.startsAt,
        endsAt: command.endsAt ?? current.endsAt,
        staffGroups: command.staffGroups ? [...new Set(command.staffGroups)] : current.staffGroups,
        siteIds: command.siteIds ? [...new Set(command.siteIds)] : current.siteIds,
        noticeReceivedAt: command.noticeReceivedAt === undefined ? current.noticeReceivedAt : command.noticeReceivedAt,
      };
      const problems = [...walkoutTimingProblems(next, { startsAt: command.startsAt !== undefined, endsAt: command.endsAt !== undefined }), ...siteProblems];
      if (problems.length) throw CommonError.validation(problems);
      const change = { trustId, walkoutId, before: current, after: next };
      const warnings: WalkoutWarning[] = [];
      for (const check of this.changeChecks) warnings.push(...(await check.checkChange(tx, change)));
      await this.walkouts.updateShape(tx, trustId, walkoutId, next);
      // A day answer for a day the walkout no longer has would never be read again: it goes with the old dates.
      await this.participation.dropDaysOutside(tx, trustId, walkoutId, walkoutDays(next.startsAt, next.endsAt).map((day) => day.date));
      return warnings;
    });
    const view = await this.get(trustId, walkoutId);
    this.logger.log({ msg: 'walkout changed', trustId, walkoutId, fields: sent.map(([field]) => field), consequences: consequences.map((w) => w.code) });
    return { ...view, warnings: [...view.warnings, ...consequences] };
  }

  async get(trustId: string, walkoutId: string): Promise<WalkoutView> {
    const walkout = await this.walkouts.findById(trustId, walkoutId);
    if (!walkout) throw new WalkoutError(WalkoutErrorCode.WalkoutNotFound, 'Walkout not found');
    const [view] = await this.withDerivedFields(trustId, [walkout]);
    return view;
  }

  async list(trustId: string, query: { status?: WalkoutStatus; from?: Date; to?: Date; limit?: number; cursor?: string }): Promise<Page<WalkoutView>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.walkouts.list(trustId, {
      status: query.status,
      from: query.from,
      to: query.to,
      after: after ? [String(after[0]), String(after[1])] : null,
      limit: limit + 1,
      now: this.clock.now(),
    });
    const page = toPage(rows, limit, (w) => [w.startsAt.toISOString(), w.id], (w) => w);
    return { items: await this.withDerivedFields(trustId, page.items), nextCursor: page.nextCursor };
  }

  async callOff(trustId: string, walkoutId: string, reason: string): Promise<WalkoutView> {
    const walkout = await this.get(trustId, walkoutId);
    const now = this.clock.now();
    if (!(await this.walkouts.callOff(trustId, walkoutId, reason, now))) {
      // Re-read: the state may have changed since the first read (a concurrent call-off).
      const current = await this.get(trustId, walkoutId);
      if (current.status === 'called-off') throw new WalkoutError(WalkoutErrorCode.AlreadyCalledOff, 'This walkout has already been called off');
      throw new WalkoutError(WalkoutErrorCode.AlreadyEnded, 'This walkout has already ended and cannot be called off');
    }
    this.logger.log({ msg: 'walkout called off', trustId, walkoutId, previousStatus: walkout.status });
    return this.get(trustId, walkoutId);
  }

  /**
   * Records who intends to strike, all-or-nothing. An item without `day` is the whole-walkout answer,
   * which applies to every day that has no answer of its own; an item with `day` (a London date the
   * walkout has) is that day's answer (docs/domain.md, "Participation"). Answers the counts of
   * whole-walkout answers, as before days existed; per-day counts are at GET …/participation.
   */
  async recordParticipation(
    trustId: string,
    walkoutId: string,
    items: { staffNumber: string; intendsToStrike: ParticipationAnswer; day?: string | null }[],
  ): Promise<Record<ParticipationAnswer, number>> {
    const walkout = await this.get(trustId, walkoutId);
    if (walkout.status === 'called-off') throw new WalkoutError(WalkoutErrorCode.AlreadyCalledOff, 'This walkout has been called off');
    const dayProblems = unknownDayProblems(items, walkoutDays(walkout.startsAt, walkout.endsAt));
    if (dayProblems.length) throw CommonError.validation(dayProblems);
    // The same person twice is a mistake only for the same day (or twice for the whole walkout).
    const duplicates = duplicateKeyProblems(items, 'staffNumber', (item) => `${item.staffNumber}|${item.day ?? ''}`);
    if (duplicates.length) throw CommonError.validation(duplicates);
    const ids = await this.people.staffIdsByNumber(trustId, [...new Set(items.map((i) => i.staffNumber))]);
    const unknown = items.flatMap((item, index) => (ids.has(item.staffNumber) ? [] : [{ field: `items[${index}].staffNumber`, message: 'is not a staff member of this trust' }]));
    if (unknown.length) throw new OrganisationError(OrganisationErrorCode.UnknownStaff, `${unknown.length} staff number(s) not found; nothing was saved`, unknown);
    await this.transactions.run(async (tx) => {
      await this.participation.upsertWhole(
        tx,
        trustId,
        walkoutId,
        items.filter((item) => !item.day).map((item) => ({ staffId: ids.get(item.staffNumber)!, answer: item.intendsToStrike })),
      );
      await this.participation.upsertDays(
        tx,
        trustId,
        walkoutId,
        items.filter((item) => item.day).map((item) => ({ staffId: ids.get(item.staffNumber)!, day: item.day!, answer: item.intendsToStrike })),
        'admin',
      );
    });
    return this.walkouts.participationSummary(trustId, walkoutId);
  }

  participationSummary(trustId: string, walkoutId: string): Promise<Record<ParticipationAnswer, number>> {
    return this.walkouts.participationSummary(trustId, walkoutId);
  }

  /**
   * The national view: every trust's walkouts running at some point of [from, to), with their status
   * and notice, and their participation counts for the day running now (participation is per walkout
   * day). (No overlap warnings: those are each trust's own page.)
   */
  async acrossTrustsInWindow(from: Date, to: Date): Promise<NationalWalkoutView[]> {
    const walkouts = await this.walkouts.listAcrossTrustsInWindow(from, to);
    const now = this.clock.now();
    const days = new Map(
      walkouts.map((walkout) => {
        const all = walkoutDays(walkout.startsAt, walkout.endsAt);
        return [walkout.id, (dayAt(all, now) ?? (now < walkout.startsAt ? all[0] : all[all.length - 1])).date];
      }),
    );
    const participation = await this.walkouts.participationByWalkoutDay([...days].map(([walkoutId, day]) => ({ walkoutId, day })));
    return walkouts.map((walkout) => ({
      ...walkout,
      status: walkoutStatus(walkout, now),
      noticeDays: noticeDays(walkout.noticeReceivedAt, walkout.startsAt),
      participationDay: days.get(walkout.id)!,
      participation: participation.get(walkout.id)!,
    }));
  }

  private async siteProblems(trustId: string, siteIds: string[]): Promise<{ field: string; message: string }[]> {
    const unknown = await this.organisations.unknownSiteIds(trustId, [...new Set(siteIds)]);
    return unknown.map((siteId) => ({ field: `siteIds[${siteIds.indexOf(siteId)}]`, message: 'is not a site of this trust' }));
  }

  /** Status, notice and warnings are derived on read so they follow the clock and later walkouts. */
  private async withDerivedFields(trustId: string, walkouts: WalkoutRecord[]): Promise<WalkoutView[]> {
    if (!walkouts.length) return [];
    const now = this.clock.now();
    const groups = [...new Set(walkouts.flatMap((w) => w.staffGroups))];
    const from = new Date(Math.min(...walkouts.map((w) => w.startsAt.getTime())));
    const to = new Date(Math.max(...walkouts.map((w) => w.endsAt.getTime())));
    const neighbours = await this.walkouts.findOverlapping(trustId, groups, from, to);
    return walkouts.map((walkout) => ({
      ...walkout,
      status: walkoutStatus(walkout, now),
      noticeDays: noticeDays(walkout.noticeReceivedAt, walkout.startsAt),
      warnings: walkoutWarnings(walkout, neighbours),
    }));
  }
}
