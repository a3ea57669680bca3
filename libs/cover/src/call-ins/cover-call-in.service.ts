import { Clock, CommonError, Transactions } from '@app/core';
import { WalkoutService } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CoverAssignmentRepository } from '../assignments/cover-assignment.repository';
import { workedAndOccupied } from '../assignments/cover-assignment.service';
import { COVER_SETTINGS, CoverSettings, neighbourhoodMs } from '../cover-settings';
import { walkoutForCover } from '../cover-walkout';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { compensatoryRestMinutes } from '../engine/assignment-rules';
import { priceShift } from '../engine/rate-card';
import { checkWorkingTime } from '../engine/working-time';
import { CallInRecord, CoverCallInRepository } from './cover-call-in.repository';

export interface CallInCommand {
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

/**
 * Call-ins of non-resident on-call: the hours a consultant on call from home was called in. They are
 * what counts towards working time, and they are paid at the band rates instead of availability. A
 * call-in happened, so it is recorded, never refused, for breaking a limit: the limits it broke are
 * recorded with the compensatory rest they make owed (docs/domain.md, "Working time").
 */
@Injectable()
export class CoverCallInService {
  private readonly logger = new Logger('Cover');

  constructor(
    private readonly callIns: CoverCallInRepository,
    private readonly assignments: CoverAssignmentRepository,
    private readonly transactions: Transactions,
    private readonly walkouts: WalkoutService,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  async record(trustId: string, walkoutId: string, assignmentId: string, command: CallInCommand, userId: string | null): Promise<CallInRecord> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    if (command.endsAt <= command.startsAt) throw CommonError.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
    const record = await this.transactions.run(async (tx) => {
      const found = await this.assignments.findInTransaction(tx, trustId, walkoutId, assignmentId);
      if (!found) throw new CoverError(CoverErrorCode.AssignmentNotFound, 'Cover assignment not found');
      // The person's lock: call-ins and new shifts of one consultant are judged one after the other.
      await this.assignments.lockStaffByIds(tx, trustId, walkoutId, [found.staffId]);
      const assignment = (await this.assignments.findInTransaction(tx, trustId, walkoutId, assignmentId))!;
      if (assignment.onCall !== 'non-resident' || assignment.cancelledAt || assignment.consentState !== 'accepted') {
        throw new CoverError(CoverErrorCode.NotOnCall, 'Call-ins are recorded only against an accepted, active non-resident on-call period');
      }
      if (command.startsAt < assignment.startsAt || command.endsAt > assignment.endsAt) {
        throw new CoverError(CoverErrorCode.CallInOutsideOnCall, 'A call-in must lie within the on-call period it belongs to', [
          { field: command.startsAt < assignment.startsAt ? 'startsAt' : 'endsAt', message: 'is outside the on-call period' },
        ]);
      }
      const margin = neighbourhoodMs(this.settings);
      const from = new Date(command.startsAt.getTime() - margin);
      const to = new Date(command.endsAt.getTime() + margin);
      const live = await this.assignments.activeShiftsOf(tx, trustId, [assignment.staffId], from, to, this.clock.now());
      const otherCallIns = await this.assignments.callInsOf(tx, trustId, [assignment.staffId], from, to);
      const worked = workedAndOccupied(live, otherCallIns).get(assignment.staffId)?.worked ?? [];
      const check = checkWorkingTime({ startsAt: command.startsAt, endsAt: command.endsAt }, worked, this.settings.limits);
      const exceeded = check.violations.filter((v) => v.code === 'WORKING_TIME_REST' || v.code === 'WORKING_TIME_WEEKLY_LIMIT' || v.code === 'WORKING_TIME_SHIFT_TOO_LONG');
      const inserted = await this.callIns.insert(tx, trustId, {
        assignmentId,
        ...command,
        exceededLimits: [...new Set(exceeded.map((v) => v.code))],
        compensatoryRestMinutes: compensatoryRestMinutes(exceeded.filter((v) => v.code !== 'WORKING_TIME_SHIFT_TOO_LONG')),
        recordedBy: userId,
      });
      if (!inserted) throw new CoverError(CoverErrorCode.CallInOverlap, 'This call-in overlaps one already recorded for the on-call period');
      const all = await this.callIns.listFor(tx, trustId, [assignmentId]);
      await this.assignments.reprice(
        tx,
        trustId,
        assignmentId,
        priceShift(assignment.startsAt, assignment.endsAt, this.settings.rateCard, { region: assignment.rateRegion, onCall: 'non-resident', callIns: all }),
      );
      return inserted;
    });
    this.logger.log({ msg: 'cover call-in recorded', trustId, walkoutId, assignmentId, callInId: record.id });
    return record;
  }

  async list(trustId: string, walkoutId: string, assignmentId: string): Promise<CallInRecord[]> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    if (!(await this.assignments.findById(trustId, walkoutId, assignmentId))) throw new CoverError(CoverErrorCode.AssignmentNotFound, 'Cover assignment not found');
    return this.callIns.listFor(null, trustId, [assignmentId]);
  }
}
