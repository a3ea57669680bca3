import { ApiErrors, AuthUser, CurrentUser, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';
import { ActivityCancellationsDto, ActivityCancellationsResponseDto, ParticipationDaysDto } from './participation.dto';
import { ParticipationService } from './participation.service';

@ApiTags('walkouts')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts')
export class ParticipationController {
  constructor(private readonly participation: ParticipationService) {}

  @Get(':walkoutId/participation')
  @ApiOkResponse({ type: ParticipationDaysDto })
  @ApiOperation({ summary: 'Participation per walkout day: answers for each day, and the declaration requests sent and answered' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async byDay(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<ParticipationDaysDto> {
    const days = await this.participation.byDay(trustId, walkoutId);
    return { walkoutId, days: days.map((day) => ({ ...day, from: day.from.toISOString(), to: day.to.toISOString() })) };
  }

  @Get(':walkoutId/absences')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Strike-day absences for the rostering system: staff_number, date, hours, reason ("industrial action"), one line per person per day taking part' })
  @ApiOperation({ summary: 'Export strike-day absences as CSV' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async absences(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<string> {
    const csv = await this.participation.absencesCsv(trustId, walkoutId);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="strike-absences-${walkoutId}.csv"`);
    return csv;
  }

  @RequireAccess('write')
  @Put(':walkoutId/activity-cancellations')
  @ApiOkResponse({ type: ActivityCancellationsResponseDto, description: 'Every day recorded so far' })
  @ApiOperation({ summary: 'Record community and mental-health cancellations per walkout day (for the rescheduled-activity sitrep)' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async activityCancellations(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: ActivityCancellationsDto,
  ): Promise<ActivityCancellationsResponseDto> {
    return { items: await this.participation.recordActivityCancellations(trustId, walkoutId, body.items, user.id) };
  }
}
