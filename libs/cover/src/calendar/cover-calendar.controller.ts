import { ApiErrors, Public } from '@app/core';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CoverCalendarService } from './cover-calendar.service';

@ApiTags('cover')
@Controller('api/v1/cover')
export class CoverCalendarController {
  constructor(private readonly calendars: CoverCalendarService) {}

  /** A token link, not a login: calendar apps subscribe to it. The access log records the route pattern, never the token. */
  @Public()
  @Get(':token/calendar.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'inline; filename="cover-shifts.ics"')
  @Header('cache-control', 'private, no-cache')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "The consultant's cover shifts as iCalendar (RFC 5545), times in UTC; cancelled shifts as STATUS:CANCELLED" })
  @ApiOperation({ summary: 'A consultant’s cover shifts as a calendar feed (token link)' })
  @ApiErrors(CoverError, CoverErrorCode.CalendarNotFound)
  async calendar(@Param('token') token: string): Promise<string> {
    return this.calendars.calendar(token);
  }
}
