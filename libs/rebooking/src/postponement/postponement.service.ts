import { Clock, CommonError, Transactions } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { DepartmentKinds, OrganisationService, PatientNames, PlaceReads } from '@app/organisations';
import { WalkoutService, WalkoutView } from '@app/walkouts';
import { Injectable, Logger } from '@nestjs/common';
import { postponementNotices } from '../engine/postponement-notices';
import { KEEP_REASONS, KEPT_DEPARTMENT_KINDS, KeepReason } from '../engine/postponement-policy';
import { ImpactDimension, PostponementRepository, WalkoutWindow } from './postponement.repository';
import { withNoticeNames } from '../engine/notice-names';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';
import { rescheduledActivity, RescheduledActivity } from '../engine/rescheduled-activity';
import { RescheduledActivityReads } from '../sitreps/rescheduled-activity-reads';

export interface ImpactFigures {
  /** Holding a slot in the window, kept by policy. */
  kept: number;
  /** Holding a slot in the window, to be postponed. */
  toPostpone: number;
  /** Already postponed by this walkout. */
  alreadyPostponed: number;
}

export interface ImpactBreakdown extends ImpactFigures {
  value: string;
}

export interface WalkoutImpact {
  walkout: WalkoutView;
  totals: ImpactFigures;
  keptBy: Record<KeepReason, number>;
  byKind: ImpactBreakdown[];
  byUrgency: ImpactBreakdown[];
  byPriority: ImpactBreakdown[];
  bySpecialty: ImpactBreakdown[];
}

export interface PostponementCommand {
  dryRun: boolean;
  keepAppointmentIds: string[];
}

export interface PostponementResult {
  dryRun: boolean;
  /** Postponed by this request (would be, for a dry run). */
  postponed: number;
  /** Kept in the window: by policy or by the request's keep list. */
  kept: number;
  /** Patients whose appointments this request postpones. */
  patients: number;
  /** Notices queued by this request (one per patient; none on a repeat). */
  noticesQueued: number;
  /** Postponed by earlier requests for this walkout. */
  alreadyPostponed: number;
}

/** Impact of a walkout on booked activity, and the postponement itself. */
@Injectable()
export class PostponementService {
  private readonly logger = new Logger('Postponement');

  constructor(
    private readonly postponements: PostponementRepository,
    private readonly transactions: Transactions,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly patientNames: PatientNames,
    private readonly places: PlaceReads,
    private readonly departmentKinds: DepartmentKinds,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
    private readonly activity: RescheduledActivityReads,
  ) {}

  async impact(trustId: string, walkoutId: string): Promise<WalkoutImpact> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    const rows = await this.postponements.impact(trustId, windowOf(walkout), await this.keptDepartmentIds(trustId));
    const empty = { kept: 0, toPostpone: 0, alreadyPostponed: 0 };
    const breakdown = (dimension: ImpactDimension): ImpactBreakdown[] =>
      rows
        .filter((row) => row.dimension === dimension)
        .map((row) => ({ value: row.value ?? 'none', kept: row.kept, toPostpone: row.toPostpone, alreadyPostponed: row.alreadyPostponed }))
        .sort((a, b) => b.toPostpone + b.kept - (a.toPostpone + a.kept) || (a.value < b.value ? -1 : 1));
    const keptBy = Object.fromEntries(KEEP_REASONS.map((reason) => [reason, 0])) as Record<KeepReason, number>;
    for (const row of rows) {
      if (row.dimension === 'keepReason' && row.value !== null) keptBy[row.value as KeepReason] = row.kept;
    }
    const total = rows.find((row) => row.dimension === null);
    return {
      walkout,
      totals: total ? { kept: total.kept, toPostpone: total.toPostpone, alreadyPostponed: total.alreadyPostponed } : empty,
      keptBy,
      byKind: breakdown('kind'),
      byUrgency: breakdown('urgency'),
      byPriority: breakdown('priority'),
      bySpecialty: breakdown('specialty'),
    };
  }

  /** Rescheduled activity (the sitrep's figures) of several walkouts of any trusts, by walkout: the national view. */
  async rescheduledActivityByWalkout(walkoutIds: string[]): Promise<Map<string, RescheduledActivity>> {
    const rows = await this.activity.figuresByWalkout(walkoutIds);
    return new Map(walkoutIds.map((id) => [id, rescheduledActivity(rows.filter((row) => row.walkoutId === id))]));
  }

  /**
   * Cancels the window's appointments the policy does not keep, frees their places and queues one
   * notice per patient — all in one transaction, so there is never a cancellation without its notice.
   */
  async postpone(trustId: string, walkoutId: string, command: PostponementCommand): Promise<PostponementResult> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    if (walkout.status === 'called-off') throw new RebookingError(RebookingErrorCode.WalkoutCalledOff, 'This walkout has been called off: nothing is postponed');
    const keepIds = [...new Set(command.keepAppointmentIds)];
    const known = await this.postponements.knownAppointmentIds(trustId, keepIds);
    const unknown = command.keepAppointmentIds.flatMap((id, index) => (known.has(id) ? [] : [{ field: `keepAppointmentIds[${index}]`, message: 'is not an appointment of this trust' }]));
    if (unknown.length) throw CommonError.validation(unknown);

    const window = windowOf(walkout);
    const preview = await this.postponements.preview(trustId, window, keepIds, await this.keptDepartmentIds(trustId));
    if (command.dryRun) return { dryRun: true, postponed: preview.toPostpone, kept: preview.kept, patients: preview.patients, noticesQueued: 0, alreadyPostponed: preview.alreadyPostponed };

    const trust = await this.organisations.getTrust(trustId);
    const now = this.clock.now();
    const { postponed, patients, noticesQueued } = await this.transactions.run(async (tx) => {
      const keptDepartmentIds = await this.departmentKinds.departmentIdsOfKinds(tx, trustId, KEPT_DEPARTMENT_KINDS);
      const cancelled = await this.postponements.postpone(tx, trustId, window, keepIds, keptDepartmentIds, now);
      const rows = withNoticeNames(
        cancelled,
        await this.patientNames.givenNamesOf(tx, trustId, cancelled.map((row) => row.patientId)),
        await this.places.siteNames(tx, trustId, cancelled.map((row) => row.siteId)),
      );
      const notices = postponementNotices(rows, { trustId, trustName: trust.name, walkoutId });
      const queued = await this.outbox.createMany(tx, notices);
      return { postponed: rows.length, patients: notices.length, noticesQueued: queued };
    });
    this.logger.log({ msg: 'appointments postponed', trustId, walkoutId, postponed, noticesQueued });
    return { dryRun: false, postponed, kept: preview.kept, patients, noticesQueued, alreadyPostponed: preview.alreadyPostponed };
  }

  /** The ids of the trust's departments the keep policy keeps whole (their kind is critical). */
  private keptDepartmentIds(trustId: string): Promise<string[]> {
    return this.transactions.run((tx) => this.departmentKinds.departmentIdsOfKinds(tx, trustId, KEPT_DEPARTMENT_KINDS));
  }
}

export function windowOf(walkout: WalkoutView): WalkoutWindow {
  return { walkoutId: walkout.id, startsAt: walkout.startsAt, endsAt: walkout.endsAt, siteIds: walkout.siteIds };
}
