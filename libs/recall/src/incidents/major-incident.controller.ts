import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, PageQueryDto, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { RecallError, RecallErrorCode } from '../recall.errors';
import {
  CreateMajorIncidentDto,
  MajorIncidentChangeResponseDto,
  MajorIncidentListQueryDto,
  MajorIncidentResponseDto,
  PageOfMajorIncidentsDto,
  toMajorIncidentChangeResponse,
  toMajorIncidentResponse,
  toMethaneCommand,
} from './major-incident.dto';
import { PageOfAuditEntriesDto, RollCallQueryDto, RollCallResponseDto, toAuditEntryResponse, toRollCallResponse } from '../recall/roll-call.dto';
import { MajorIncidentService } from './major-incident.service';

/** The part of Fastify's reply the CSV route uses. */
export interface ReplyHeaders {
  header(name: string, value: string): unknown;
}

@ApiTags('major incidents')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/major-incidents')
export class MajorIncidentController {
  constructor(private readonly incidents: MajorIncidentService) {}

  @RequireAccess('write')
  @Post()
  @Idempotent()
  @LocationOf('/api/v1/trusts/:trustId/major-incidents/:id')
  @ApiCreatedResponse({ type: MajorIncidentChangeResponseDto, description: 'With the recall it started: its size, or why the cohort is empty', headers: LOCATION_HEADER_DOC })
  @ApiOperation({ summary: 'Open a major incident (declared: recalls striking staff at once)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async create(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser, @Body() body: CreateMajorIncidentDto): Promise<MajorIncidentChangeResponseDto> {
    const change = await this.incidents.create(
      trustId,
      {
        level: body.level,
        state: body.state,
        siteIds: [...new Set(body.siteIds.map((id) => id.toLowerCase()))],
        departmentIds: [...new Set((body.departmentIds ?? []).map((id) => id.toLowerCase()))],
        description: body.description,
        methane: toMethaneCommand(body.methane),
        attendingTarget: body.attendingTarget ?? null,
        escalateAfterSeconds: body.escalateAfterSeconds ?? null,
        maxEscalationRounds: body.maxEscalationRounds ?? null,
        needs: body.needs ?? null,
        drill: body.drill ?? false,
      },
      user,
    );
    return toMajorIncidentChangeResponse(change);
  }

  @Get()
  @ApiOkResponse({ type: PageOfMajorIncidentsDto })
  @ApiOperation({ summary: 'List a trust’s major incidents' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: MajorIncidentListQueryDto): Promise<PageOfMajorIncidentsDto> {
    const page = await this.incidents.list(trustId, query);
    return { items: page.items.map(toMajorIncidentResponse), nextCursor: page.nextCursor };
  }

  @Get(':incidentId')
  @ApiOkResponse({ type: MajorIncidentResponseDto })
  @ApiOperation({ summary: 'Get a major incident' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound)
  async get(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string): Promise<MajorIncidentResponseDto> {
    return toMajorIncidentResponse(await this.incidents.get(trustId, incidentId));
  }

  @RequireAccess('write')
  @Post(':incidentId/declare')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: MajorIncidentChangeResponseDto, description: 'Recalls striking staff for a major incident during a walkout' })
  @ApiOperation({ summary: 'Declare a major incident from standby (recalls striking staff)' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound, RecallErrorCode.IllegalTransition)
  async declare(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentUser() user: AuthUser): Promise<MajorIncidentChangeResponseDto> {
    return toMajorIncidentChangeResponse(await this.incidents.declare(trustId, incidentId, user));
  }

  @RequireAccess('write')
  @Post(':incidentId/stand-down')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: MajorIncidentChangeResponseDto, description: 'Tells everyone recalled' })
  @ApiOperation({ summary: 'Stand a declared incident down (everyone recalled is told)' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound, RecallErrorCode.IllegalTransition)
  async standDown(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentUser() user: AuthUser): Promise<MajorIncidentChangeResponseDto> {
    return toMajorIncidentChangeResponse(await this.incidents.standDown(trustId, incidentId, user));
  }

  @RequireAccess('write')
  @Post(':incidentId/cancel')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: MajorIncidentChangeResponseDto, description: 'From standby or declared (declared in error: anyone recalled is told)' })
  @ApiOperation({ summary: 'Cancel an incident on standby or declared in error' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound, RecallErrorCode.IllegalTransition)
  async cancel(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentUser() user: AuthUser): Promise<MajorIncidentChangeResponseDto> {
    return toMajorIncidentChangeResponse(await this.incidents.cancel(trustId, incidentId, user));
  }

  @Get(':incidentId/roll-call')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RollCallResponseDto, description: '?format=csv: one row per person recalled (no contact details)' })
  @ApiOperation({ summary: 'Get the roll-call of a recall (JSON or CSV)' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound)
  async rollCall(
    @Param('trustId', UuidParam) trustId: string,
    @Param('incidentId', UuidParam) incidentId: string,
    @Query() query: RollCallQueryDto,
    @Res({ passthrough: true }) reply: ReplyHeaders,
  ): Promise<RollCallResponseDto | string> {
    const report = await this.incidents.rollCall(trustId, incidentId);
    if (query.format !== 'csv') return toRollCallResponse(report);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="roll-call-${incidentId}.csv"`);
    reply.header('cache-control', 'no-store');
    return report.csv();
  }

  @Get(':incidentId/audit')
  @ApiOkResponse({ type: PageOfAuditEntriesDto, description: 'Append-only, oldest first' })
  @ApiOperation({ summary: 'Read an incident’s audit log' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound)
  async audit(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @Query() query: PageQueryDto): Promise<PageOfAuditEntriesDto> {
    const page = await this.incidents.auditLog(trustId, incidentId, query);
    return { items: page.items.map(toAuditEntryResponse), nextCursor: page.nextCursor };
  }
}
