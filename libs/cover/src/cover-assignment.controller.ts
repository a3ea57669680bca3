import { AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CoverAssignmentListQueryDto, CoverAssignmentResponseDto, CreateCoverAssignmentDto, PageOfCoverAssignmentsDto, toCoverAssignmentResponse } from './dto/cover.dto';
import { CoverAssignmentService } from './cover-assignment.service';

/** DTO validation has already proven these parse. */
const instant = (value: string): Date => parseInstantWithOffset(value)!;

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts/:walkoutId/cover-assignments')
export class CoverAssignmentController {
  constructor(private readonly assignments: CoverAssignmentService) {}

  @RequireAccess('write')
  @Post()
  @Idempotent()
  @LocationOf('/api/v1/trusts/:trustId/walkouts/:walkoutId/cover-assignments/:id')
  @ApiCreatedResponse({
    headers: LOCATION_HEADER_DOC,
    type: CoverAssignmentResponseDto,
    description:
      '400 CONSENT_NOT_RECORDED / UNKNOWN_STAFF / UNKNOWN_DEPARTMENT; 409 SHIFT_OVERLAP or WALKOUT_CALLED_OFF; 422 OUTSIDE_WALKOUT, TAKING_PART_IN_WALKOUT, SCOPE_OF_PRACTICE, WORKING_TIME_SHIFT_TOO_LONG, WORKING_TIME_REST, WORKING_TIME_WEEKLY_LIMIT (details list every rule broken)',
  })
  async assign(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCoverAssignmentDto,
  ): Promise<CoverAssignmentResponseDto> {
    const assignment = await this.assignments.assign(
      trustId,
      walkoutId,
      { staffNumber: body.staffNumber, departmentId: body.departmentId, startsAt: instant(body.startsAt), endsAt: instant(body.endsAt), consentRecorded: body.consentRecorded },
      user.id,
    );
    return toCoverAssignmentResponse(assignment);
  }

  @Get()
  @ApiOkResponse({ type: PageOfCoverAssignmentsDto })
  async list(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Query() query: CoverAssignmentListQueryDto): Promise<PageOfCoverAssignmentsDto> {
    const page = await this.assignments.list(trustId, walkoutId, query);
    return { items: page.items.map(toCoverAssignmentResponse), nextCursor: page.nextCursor };
  }

  @Get(':assignmentId')
  @ApiOkResponse({ type: CoverAssignmentResponseDto })
  async get(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Param('assignmentId', UuidParam) assignmentId: string): Promise<CoverAssignmentResponseDto> {
    return toCoverAssignmentResponse(await this.assignments.get(trustId, walkoutId, assignmentId));
  }

  @RequireAccess('write')
  @Delete(':assignmentId')
  @HttpCode(204)
  @Idempotent()
  @ApiNoContentResponse({ description: 'Cancelled: the gap reopens and the consultant is sent a cancellation notice; 409 when already cancelled' })
  async cancel(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Param('assignmentId', UuidParam) assignmentId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.assignments.cancel(trustId, walkoutId, assignmentId, user.id);
  }
}
