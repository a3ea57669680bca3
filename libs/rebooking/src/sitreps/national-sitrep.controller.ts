import { AuthUser, Clock, CommonError, CurrentUser, LONDON, RequireAccess } from '@app/core';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { NationalRescheduledActivityDto, NationalSitrepQueryDto } from './national-sitrep.dto';
import { RescheduledByDayService } from './rescheduled-by-day.service';

@ApiTags('walkouts')
@ApiBearerAuth()
@Controller('api/v1/national/sitreps')
export class NationalSitrepController {
  constructor(
    private readonly byDay: RescheduledByDayService,
    private readonly clock: Clock,
  ) {}

  @RequireAccess('national')
  @Get('rescheduled-activity')
  @ApiOkResponse({ type: NationalRescheduledActivityDto })
  @ApiOperation({ summary: 'Rescheduled activity of every trust’s walkout day, with cumulative and national totals (national admins)' })
  async rescheduledActivity(@CurrentUser() user: AuthUser, @Query() query: NationalSitrepQueryDto): Promise<NationalRescheduledActivityDto> {
    const yesterday = DateTime.fromJSDate(this.clock.now(), { zone: LONDON }).minus({ days: 1 }).toISODate()!;
    if (query.date && !DateTime.fromISO(query.date, { zone: LONDON }).isValid) throw CommonError.validation([{ field: 'date', message: 'is not a calendar date' }]);
    return this.byDay.national(user, query.date ?? yesterday);
  }
}
