import { ApiErrors, AuthUser, CurrentUser, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CallInListDto, CallInResponseDto, CreateCallInDto, toCallInResponse } from './cover-call-in.dto';
import { CoverCallInService } from './cover-call-in.service';

/** DTO validation has already proven these parse. */
const instant = (value: string): Date => parseInstantWithOffset(value)!;

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts/:walkoutId/cover-assignments/:assignmentId/call-ins')
export class CoverCallInController {
  constructor(private readonly callIns: CoverCallInService) {}

  @RequireAccess('write')
  @Post()
  @ApiCreatedResponse({ type: CallInResponseDto, description: 'Recorded; the on-call period is re-priced (the hours called in at the band rates)' })
  @ApiOperation({ summary: 'Record the hours a non-resident on-call consultant was called in (they count towards working time)' })
  @ApiErrors(CoverError, CoverErrorCode.AssignmentNotFound, CoverErrorCode.NotOnCall, CoverErrorCode.CallInOutsideOnCall, CoverErrorCode.CallInOverlap)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async record(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Param('assignmentId', UuidParam) assignmentId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCallInDto,
  ): Promise<CallInResponseDto> {
    return toCallInResponse(await this.callIns.record(trustId, walkoutId, assignmentId, { startsAt: instant(body.startsAt), endsAt: instant(body.endsAt), note: body.note ?? null }, user.id));
  }

  @Get()
  @ApiOkResponse({ type: CallInListDto })
  @ApiOperation({ summary: 'List the call-ins of a non-resident on-call period' })
  @ApiErrors(CoverError, CoverErrorCode.AssignmentNotFound)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Param('assignmentId', UuidParam) assignmentId: string): Promise<CallInListDto> {
    return { items: (await this.callIns.list(trustId, walkoutId, assignmentId)).map(toCallInResponse) };
  }
}
