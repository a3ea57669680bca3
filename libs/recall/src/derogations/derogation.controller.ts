import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, PageQueryDto, RequireAccess, UuidParam } from '@app/core';
import { DEROGATION_ACTION_ACCESS } from '../engine/derogation-state';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { RecallError, RecallErrorCode } from '../recall.errors';
import {
  DerogationActionDto,
  DerogationChangeResponseDto,
  DerogationDecisionDto,
  DerogationListQueryDto,
  DerogationReasonDto,
  DerogationResponseDto,
  HarmReportDto,
  PageOfDerogationsDto,
  RequestDerogationDto,
  toDerogationChangeResponse,
  toDerogationResponse,
} from './derogation.dto';
import { PageOfAuditEntriesDto, RollCallQueryDto, RollCallResponseDto, toAuditEntryResponse, toRollCallResponse } from '../recall/roll-call.dto';
import { DerogationService } from './derogation.service';
import { ReplyHeaders } from '../incidents/major-incident.controller';

@ApiTags('derogations')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/derogations')
export class DerogationController {
  constructor(private readonly derogations: DerogationService) {}

  @RequireAccess('write')
  @Post()
  @Idempotent()
  @LocationOf('/api/v1/trusts/:trustId/derogations/:id')
  @ApiCreatedResponse({ type: DerogationChangeResponseDto, description: 'Submitted (or saved as a draft). Nobody is recalled until approved, except for a failsafe request', headers: LOCATION_HEADER_DOC })
  @ApiOperation({ summary: 'Ask the union for a derogation (through NHS England): recall named staff for patient safety' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(RecallError, RecallErrorCode.WalkoutOver, RecallErrorCode.StaffGroupNotOnStrike)
  @ApiErrors(OrganisationError, OrganisationErrorCode.UnknownStaff)
  async request(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser, @Body() body: RequestDerogationDto): Promise<DerogationChangeResponseDto> {
    const change = await this.derogations.request(
      trustId,
      {
        walkoutId: body.walkoutId.toLowerCase(),
        staffNumbers: body.staffNumbers,
        departmentId: body.departmentId?.toLowerCase(),
        count: body.count,
        evidence: body.evidence,
        decisionDeadline: body.decisionDeadline,
        failsafe: body.failsafe,
        draft: body.draft,
        servicesAtRisk: body.servicesAtRisk,
        staffNeeded: body.staffNeeded,
        hours: body.hours,
        mitigations: body.mitigations,
      },
      user,
    );
    return toDerogationChangeResponse(change);
  }

  @Get()
  @ApiOkResponse({ type: PageOfDerogationsDto })
  @ApiOperation({ summary: 'List a trust’s derogation requests (each flagged `overdue` when undecided past its deadline)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: DerogationListQueryDto): Promise<PageOfDerogationsDto> {
    const page = await this.derogations.list(trustId, query);
    return { items: page.items.map(toDerogationResponse), nextCursor: page.nextCursor };
  }

  @Get(':derogationId')
  @ApiOkResponse({ type: DerogationResponseDto })
  @ApiOperation({ summary: 'Get a derogation request' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound)
  async get(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string): Promise<DerogationResponseDto> {
    return toDerogationResponse(await this.derogations.get(trustId, derogationId));
  }

  @RequireAccess(DEROGATION_ACTION_ACCESS.submit)
  @Post(':derogationId/submit')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'draft → submitted; a failsafe request starts its recall' })
  @ApiOperation({ summary: 'Submit a draft derogation request to NHS England (trust admin)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.IllegalDerogationTransition, RecallErrorCode.WalkoutOver, RecallErrorCode.StaffGroupNotOnStrike)
  async submit(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @CurrentUser() user: AuthUser, @Body() body: DerogationActionDto): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.act(trustId, derogationId, 'submit', body.note ?? null, user));
  }

  @RequireAccess(DEROGATION_ACTION_ACCESS.forward)
  @Post(':derogationId/forward')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'submitted → pending' })
  @ApiOperation({ summary: 'NHS England has passed the request to the union: pending its decision (national admin)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.IllegalDerogationTransition)
  async forward(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @CurrentUser() user: AuthUser, @Body() body: DerogationActionDto): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.act(trustId, derogationId, 'forward', body.note ?? null, user));
  }

  @RequireAccess(DEROGATION_ACTION_ACCESS.approve)
  @Post(':derogationId/decision')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'pending → approved (recalls exactly the staff asked for) or declined; after the deadline it is recorded as late' })
  @ApiOperation({ summary: 'Record the union’s decision on a pending derogation (national admin)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.IllegalDerogationTransition)
  async decide(
    @Param('trustId', UuidParam) trustId: string,
    @Param('derogationId', UuidParam) derogationId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: DerogationDecisionDto,
  ): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.decide(trustId, derogationId, { approved: body.approved, note: body.note }, user));
  }

  @RequireAccess(DEROGATION_ACTION_ACCESS.withdraw)
  @Post(':derogationId/withdraw')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'draft, submitted or pending → withdrawn; a failsafe recall is stood down' })
  @ApiOperation({ summary: 'Withdraw a derogation request not yet decided (trust admin)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.IllegalDerogationTransition)
  async withdraw(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @CurrentUser() user: AuthUser, @Body() body: DerogationReasonDto): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.act(trustId, derogationId, 'withdraw', body.note, user));
  }

  @RequireAccess(DEROGATION_ACTION_ACCESS.revoke)
  @Post(':derogationId/revoke')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'approved → revoked; everyone recalled is stood down' })
  @ApiOperation({ summary: 'Record that the union revoked an approval (national admin)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.IllegalDerogationTransition)
  async revoke(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @CurrentUser() user: AuthUser, @Body() body: DerogationReasonDto): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.act(trustId, derogationId, 'revoke', body.note, user));
  }

  @RequireAccess('write')
  @Post(':derogationId/harm-report')
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationResponseDto })
  @ApiOperation({ summary: 'Record whether harm or a near miss followed a declined request (audited; a later report replaces the earlier)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.NotDeclined)
  async harmReport(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @CurrentUser() user: AuthUser, @Body() body: HarmReportDto): Promise<DerogationResponseDto> {
    return toDerogationResponse(await this.derogations.reportHarm(trustId, derogationId, { outcome: body.outcome, note: body.note }, user));
  }

  @Get(':derogationId/roll-call')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RollCallResponseDto })
  @ApiOperation({ summary: 'Get the roll-call of a derogation recall (JSON or CSV)' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound)
  async rollCall(
    @Param('trustId', UuidParam) trustId: string,
    @Param('derogationId', UuidParam) derogationId: string,
    @Query() query: RollCallQueryDto,
    @Res({ passthrough: true }) reply: ReplyHeaders,
  ): Promise<RollCallResponseDto | string> {
    const report = await this.derogations.rollCall(trustId, derogationId);
    if (query.format !== 'csv') return toRollCallResponse(report);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="roll-call-${derogationId}.csv"`);
    reply.header('cache-control', 'no-store');
    return report.csv();
  }

  @Get(':derogationId/audit')
  @ApiOkResponse({ type: PageOfAuditEntriesDto })
  @ApiOperation({ summary: 'Read a derogation’s audit log' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound)
  async audit(@Param('trustId', UuidParam) trustId: string, @Param('derogationId', UuidParam) derogationId: string, @Query() query: PageQueryDto): Promise<PageOfAuditEntriesDto> {
    const page = await this.derogations.auditLog(trustId, derogationId, query);
    return { items: page.items.map(toAuditEntryResponse), nextCursor: page.nextCursor };
  }
}
