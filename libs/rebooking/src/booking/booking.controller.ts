import { ApiErrors, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';
import {
  AppointmentImportDto,
  AppointmentListQueryDto,
  AppointmentWithHistoryDto,
  BookingImportResultDto,
  PageOfAppointmentsDto,
  PageOfSlotsDto,
  SlotImportDto,
  SlotListQueryDto,
  toAppointmentResponse,
  toAppointmentWithHistory,
  toSlotResponse,
} from './booking.dto';
import { BookingService } from './booking.service';

/** DTO validation has already proven these parse. */
const instant = (value: string): Date => parseInstantWithOffset(value)!;
const optionalInstant = (value?: string): Date | undefined => (value ? instant(value) : undefined);

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class BookingController {
  constructor(private readonly bookings: BookingService) {}

  @RequireAccess('write')
  @Post('slots/import')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingImportResultDto, description: 'All-or-nothing: a refusal lists every bad row by index' })
  @ApiOperation({ summary: 'Import clinic and theatre slots (all-or-nothing; re-importing an externalRef updates it)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.SlotCapacityBelowBookings)
  async importSlots(@Param('trustId', UuidParam) trustId: string, @Body() body: SlotImportDto): Promise<BookingImportResultDto> {
    const counts = await this.bookings.importSlots(
      trustId,
      body.items.map((item) => ({ ...item, startsAt: instant(item.startsAt), endsAt: instant(item.endsAt) })),
    );
    return { received: body.items.length, ...counts };
  }

  @Get('slots')
  @ApiOperation({ summary: 'List the trust’s clinic and theatre slots in start order, e.g. the free capacity after a walkout' })
  @ApiOkResponse({ type: PageOfSlotsDto })
  async listSlots(@Param('trustId', UuidParam) trustId: string, @Query() query: SlotListQueryDto): Promise<PageOfSlotsDto> {
    const page = await this.bookings.listSlots(trustId, {
      from: optionalInstant(query.from),
      to: optionalInstant(query.to),
      siteId: query.siteId,
      specialty: query.specialty,
      kind: query.kind,
      hasCapacity: query.hasCapacity === undefined ? undefined : query.hasCapacity === 'true',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toSlotResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Post('appointments/import')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingImportResultDto, description: 'All-or-nothing: a refusal lists every bad row by index' })
  @ApiOperation({ summary: 'Import booked appointments (all-or-nothing)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.SlotOverbooked)
  async importAppointments(@Param('trustId', UuidParam) trustId: string, @Body() body: AppointmentImportDto): Promise<BookingImportResultDto> {
    return { received: body.items.length, ...(await this.bookings.importAppointments(trustId, body.items)) };
  }

  @Get('appointments')
  @ApiOkResponse({ type: PageOfAppointmentsDto })
  @ApiOperation({ summary: 'List a trust’s appointments' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: AppointmentListQueryDto): Promise<PageOfAppointmentsDto> {
    const page = await this.bookings.listAppointments(trustId, { ...query, from: optionalInstant(query.from), to: optionalInstant(query.to) });
    return { items: page.items.map(toAppointmentResponse), nextCursor: page.nextCursor };
  }

  @Get('appointments/:appointmentId')
  @ApiOkResponse({ type: AppointmentWithHistoryDto })
  @ApiOperation({ summary: 'Get an appointment with its rebooking history' })
  @ApiErrors(RebookingError, RebookingErrorCode.AppointmentNotFound)
  async get(@Param('trustId', UuidParam) trustId: string, @Param('appointmentId', UuidParam) appointmentId: string): Promise<AppointmentWithHistoryDto> {
    return toAppointmentWithHistory(await this.bookings.getAppointment(trustId, appointmentId));
  }
}
