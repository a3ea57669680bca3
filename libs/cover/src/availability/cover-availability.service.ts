import { CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { CoverAssignmentRepository } from '../assignments/cover-assignment.repository';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { AvailabilityRecord, CoverAvailabilityRepository } from './cover-availability.repository';

export interface AvailabilityView extends AvailabilityRecord {
  staffNumber: string;
}

export interface AvailabilityCommand {
  staffNumber: string;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

/**
 * Availability a consultant declares in advance ("I can cover any time from Monday 07:00 to Tuesday
 * 07:00"): their consent for any cover shift wholly inside the window, recorded as such on the shift
 * (consent source `availability-window`). Withdrawing a window gives no consent for new shifts; shifts
 * already made inside it keep the consent they were made with.
 */
@Injectable()
export class CoverAvailabilityService {
  private readonly logger = new Logger('Cover');

  constructor(
    private readonly windows: CoverAvailabilityRepository,
    private readonly assignments: CoverAssignmentRepository,
  ) {}

  async declare(trustId: string, command: AvailabilityCommand, userId: string | null): Promise<AvailabilityView> {
    if (command.endsAt <= command.startsAt) throw CommonError.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
    if (command.endsAt.getTime() - command.startsAt.getTime() > 31 * 86_400_000) throw CommonError.validation([{ field: 'endsAt', message: 'a window is at most 31 days long' }]);
    const staffId = await this.assignments.staffIdByNumber(trustId, command.staffNumber);
    if (!staffId) throw new OrganisationError(OrganisationErrorCode.UnknownStaff, 'Staff member not found in this trust', [{ field: 'staffNumber', message: 'is not a staff member of this trust' }]);
    const record = await this.windows.insert(trustId, { staffId, startsAt: command.startsAt, endsAt: command.endsAt, note: command.note, recordedBy: userId });
    if (!record) throw new CoverError(CoverErrorCode.AvailabilityOverlap, 'This window overlaps one the consultant already declared; withdraw that one first');
    this.logger.log({ msg: 'cover availability declared', trustId, availabilityId: record.id });
    return { ...record, staffNumber: command.staffNumber };
  }

  async list(trustId: string, query: { staffNumber?: string; includeWithdrawn?: boolean; limit?: number; cursor?: string }): Promise<Page<AvailabilityView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const staffId = query.staffNumber ? await this.assignments.staffIdByNumber(trustId, query.staffNumber) : undefined;
    if (staffId === null) return { items: [], nextCursor: null };
    const rows = await this.windows.listPage(trustId, {
      staffId,
      includeWithdrawn: query.includeWithdrawn ?? false,
      after: after ? [String(after[0]), String(after[1])] : null,
      limit: limit + 1,
    });
    const names = await this.assignments.staffNamesOf(null, trustId, rows.map((w) => w.staffId));
    return toPage(rows, limit, (w) => [w.startsAt.toISOString(), w.id], (w) => ({ ...w, staffNumber: names.get(w.staffId)?.staffNumber ?? '' }));
  }

  async withdraw(trustId: string, availabilityId: string, userId: string | null): Promise<void> {
    if (await this.windows.withdraw(trustId, availabilityId, userId)) return;
    if (!(await this.windows.findById(trustId, availabilityId))) throw new CoverError(CoverErrorCode.AvailabilityNotFound, 'Availability window not found');
    throw new CoverError(CoverErrorCode.AvailabilityAlreadyWithdrawn, 'This availability window has already been withdrawn');
  }
}
