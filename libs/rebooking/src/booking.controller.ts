import { parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AppointmentImportDto,
  AppointmentListQueryDto,
  AppointmentWithHistoryDto,
  BookingImportResultDto,
  PageOfAppointmentsDto,
  SlotImportDto,
  toAppointmentResponse,
  toAppointmentWithHistory,
} from './dto/booking.dto';
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
  @ApiOkResponse({ type: BookingImportResultDto, description: 'All-or-nothing; 400 lists every bad row by index; 409 when a new capacity is below the bookings held' })
  async importSlots(@Param('trustId', UuidParam) trustId: string, @Body() body: SlotImportDto): Promise<BookingImportResultDto> {
    const counts = await this.bookings.importSlots(
      trustId,
      body.items.map((item) => ({ ...item, startsAt: instant(item.startsAt), endsAt: instant(item.endsAt) })),
    );
    return { received: body.items.length, ...counts };
  }

  @RequireAccess('write')
  @Post('appointments/import')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingImportResultDto, description: 'All-or-nothing; 400 lists every bad row by index; 409 names the rows that would overbook a slot' })
  async importAppointments(@Param('trustId', UuidParam) trustId: string, @Body() body: AppointmentImportDto): Promise<BookingImportResultDto> {
    return { received: body.items.length, ...(await this.bookings.importAppointments(trustId, body.items)) };
  }

  @Get('appointments')
  @ApiOkResponse({ type: PageOfAppointmentsDto })
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: AppointmentListQueryDto): Promise<PageOfAppointmentsDto> {
    const page = await this.bookings.listAppointments(trustId, { ...query, from: optionalInstant(query.from), to: optionalInstant(query.to) });
    return { items: page.items.map(toAppointmentResponse), nextCursor: page.nextCursor };
  }

  @Get('appointments/:appointmentId')
  @ApiOkResponse({ type: AppointmentWithHistoryDto })
  async get(@Param('trustId', UuidParam) trustId: string, @Param('appointmentId', UuidParam) appointmentId: string): Promise<AppointmentWithHistoryDto> {
    return toAppointmentWithHistory(await this.bookings.getAppointment(trustId, appointmentId));
  }
}
