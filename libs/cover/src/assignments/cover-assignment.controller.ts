import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '@app/notifications';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CoverAssignmentListQueryDto, CoverAssignmentResponseDto, CreateCoverAssignmentDto, PageOfCoverAssignmentsDto, toCoverAssignmentResponse } from './cover-assignment.dto';
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
      'Rostered (status active) with recorded consent or inside a declared availability window, or requested (the consultant is sent a link) with requestConsent; a refusal names the first rule broken in its code and lists every rule broken in details[].code',
  })
  @ApiOperation({ summary: 'Roster a consultant on a cover shift (every working-time and scope rule is checked; the break is planned)' })
  @ApiErrors(CoverError, CoverErrorCode.ConsentNotRecorded, CoverErrorCode.UnknownDepartment, CoverErrorCode.WalkoutCalledOff, CoverErrorCode.ShiftOverlap, CoverErrorCode.OutsideWalkout, CoverErrorCode.TakingPartInWalkout, CoverErrorCode.ScopeOfPractice, CoverErrorCode.ShiftTooLong, CoverErrorCode.RestTooShort, CoverErrorCode.WeeklyLimit)
  @ApiErrors(OrganisationError, OrganisationErrorCode.UnknownStaff)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  async assign(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCoverAssignmentDto,
  ): Promise<CoverAssignmentResponseDto> {
    const assignment = await this.assignments.assign(
      trustId,
      walkoutId,
      {
        staffNumber: body.staffNumber,
        departmentId: body.departmentId,
        startsAt: instant(body.startsAt),
        endsAt: instant(body.endsAt),
        consentRecorded: body.consentRecorded,
        requestConsent: body.requestConsent,
        onCall: body.onCall,
        breakStartsAt: body.breakStartsAt ? instant(body.breakStartsAt) : null,
        exceedLimitsReason: body.exceedLimitsReason ?? null,
      },
      user.id,
    );
    return toCoverAssignmentResponse(assignment);
  }

  @Get()
  @ApiOkResponse({ type: PageOfCoverAssignmentsDto })
  @ApiOperation({ summary: 'List a walkout’s cover assignments' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Query() query: CoverAssignmentListQueryDto): Promise<PageOfCoverAssignmentsDto> {
    const page = await this.assignments.list(trustId, walkoutId, query);
    return { items: page.items.map(toCoverAssignmentResponse), nextCursor: page.nextCursor };
  }

  @Get(':assignmentId')
  @ApiOkResponse({ type: CoverAssignmentResponseDto })
  @ApiOperation({ summary: 'Get a cover assignment' })
  @ApiErrors(CoverError, CoverErrorCode.AssignmentNotFound)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async get(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Param('assignmentId', UuidParam) assignmentId: string): Promise<CoverAssignmentResponseDto> {
    return toCoverAssignmentResponse(await this.assignments.get(trustId, walkoutId, assignmentId));
  }

  @RequireAccess('write')
  @Delete(':assignmentId')
  @HttpCode(204)
  @Idempotent()
  @ApiNoContentResponse({ description: 'Cancelled: the gap reopens and the consultant of an accepted shift is sent a cancellation notice; a standing request is withdrawn' })
  @ApiOperation({ summary: 'Cancel a cover shift (the consultant is told)' })
  @ApiErrors(CoverError, CoverErrorCode.AssignmentNotFound, CoverErrorCode.AssignmentAlreadyCancelled, CoverErrorCode.WalkoutCalledOff)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  async cancel(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Param('assignmentId', UuidParam) assignmentId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.assignments.cancel(trustId, walkoutId, assignmentId, user.id);
  }
}
