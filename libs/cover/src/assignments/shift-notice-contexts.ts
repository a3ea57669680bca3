import type { UnitOfWork } from '@app/core';
import { PlaceReads } from '@app/organisations';
import { Injectable } from '@nestjs/common';
import { CoverAssignmentRepository, ShiftNoticeContext } from './cover-assignment.repository';

/**
 * What the shift notices of these assignments say, in the caller's transaction: the shifts from cover's
 * own table, where they are by name from organisations' read port (one query for the whole set).
 */
@Injectable()
export class ShiftNoticeContexts {
  constructor(
    private readonly assignments: CoverAssignmentRepository,
    private readonly places: PlaceReads,
  ) {}

  async of(tx: UnitOfWork, trustId: string, assignmentIds: string[]): Promise<ShiftNoticeContext[]> {
    const rows = await this.assignments.noticeRows(tx, trustId, assignmentIds);
    if (!rows.length) return [];
    const places = await this.places.departmentPlaces(tx, trustId, rows.map((row) => row.departmentId));
    const trustName = (await this.places.trustName(tx, trustId)) ?? '';
    return rows.map((row) => ({ ...row, departmentName: places.get(row.departmentId)?.departmentName ?? '', siteName: places.get(row.departmentId)?.siteName ?? '', trustName }));
  }
}
