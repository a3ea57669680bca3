import { CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Injectable, Logger } from '@nestjs/common';
import { CoverRequirementRecord, CoverRequirementRepository } from './cover-requirement.repository';
import { walkoutForCover } from '../cover-walkout';
import { CoverError, CoverErrorCode } from '../cover.errors';

export interface CoverRequirementCommand {
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  minConsultants: number;
}

@Injectable()
export class CoverRequirementService {
  private readonly logger = new Logger('Cover');

  constructor(
    private readonly requirements: CoverRequirementRepository,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
  ) {}

  async create(trustId: string, walkoutId: string, command: CoverRequirementCommand, createdBy: string | null): Promise<CoverRequirementRecord> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'write');
    if (command.endsAt <= command.startsAt) throw CommonError.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
    if (!(await this.organisations.departmentsWithSites(trustId, [command.departmentId])).length) {
      throw new CoverError(CoverErrorCode.UnknownDepartment, 'Department not found in this trust', [{ field: 'departmentId', message: 'is not a department of this trust' }]);
    }
    if (command.startsAt < walkout.startsAt || command.endsAt > walkout.endsAt) {
      throw new CoverError(CoverErrorCode.OutsideWalkout, 'A cover requirement must lie within the walkout', [
        { field: command.startsAt < walkout.startsAt ? 'startsAt' : 'endsAt', message: `must be within ${walkout.startsAt.toISOString()} – ${walkout.endsAt.toISOString()}` },
      ]);
    }
    const requirement = await this.requirements.insert({ trustId, walkoutId, ...command, createdBy });
    this.logger.log({ msg: 'cover requirement added', trustId, walkoutId, requirementId: requirement.id });
    return requirement;
  }

  async list(trustId: string, walkoutId: string, query: { limit?: number; cursor?: string }): Promise<Page<CoverRequirementRecord>> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.requirements.listPage(trustId, walkoutId, after ? [String(after[0]), String(after[1])] : null, limit + 1);
    return toPage(rows, limit, (r) => [r.startsAt.toISOString(), r.id], (r) => r);
  }

  async delete(trustId: string, walkoutId: string, requirementId: string): Promise<void> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    if (!(await this.requirements.delete(trustId, walkoutId, requirementId))) {
      throw new CoverError(CoverErrorCode.RequirementNotFound, 'Cover requirement not found');
    }
    this.logger.log({ msg: 'cover requirement removed', trustId, walkoutId, requirementId });
  }
}
