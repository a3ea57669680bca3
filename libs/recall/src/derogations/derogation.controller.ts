import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, PageQueryDto, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { DerogationChangeResponseDto, DerogationDecisionDto, DerogationResponseDto, PageOfDerogationsDto, RequestDerogationDto, toDerogationChangeResponse, toDerogationResponse } from './derogation.dto';
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
  @ApiCreatedResponse({ type: DerogationChangeResponseDto, description: 'Nobody is recalled until approved, except for a failsafe request', headers: LOCATION_HEADER_DOC })
  @ApiOperation({ summary: 'Ask the union for a derogation: recall named staff for patient safety' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(RecallError, RecallErrorCode.WalkoutOver)
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
      },
      user,
    );
    return toDerogationChangeResponse(change);
  }

  @Get()
  @ApiOkResponse({ type: PageOfDerogationsDto })
  @ApiOperation({ summary: 'List a trust’s derogation requests' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: PageQueryDto): Promise<PageOfDerogationsDto> {
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

  @RequireAccess('write')
  @Post(':derogationId/decision')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: DerogationChangeResponseDto, description: 'Approval recalls exactly the staff asked for' })
  @ApiOperation({ summary: 'Record the union’s decision on a derogation' })
  @ApiErrors(RecallError, RecallErrorCode.DerogationNotFound, RecallErrorCode.DerogationAlreadyDecided, RecallErrorCode.DecisionDeadlinePassed)
  async decide(
    @Param('trustId', UuidParam) trustId: string,
    @Param('derogationId', UuidParam) derogationId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: DerogationDecisionDto,
  ): Promise<DerogationChangeResponseDto> {
    return toDerogationChangeResponse(await this.derogations.decide(trustId, derogationId, { approved: body.approved, note: body.note }, user));
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
