import { IsInstantWithOffset, IsKebabCase, IsNhsNumber, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AppointmentRecord, AppointmentView, SlotRecord } from './booking.repository';
import type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from '../engine/engine.types';
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, AppointmentStatus, MAX_BOOKING_IMPORT_ROWS, SLOT_KINDS, SURGICAL_PRIORITIES, URGENCIES } from '../rebooking.constants';

const EXTERNAL_REF = /^[!-~]{1,100}$/;
const EXTERNAL_REF_MESSAGE = { message: 'must be 1–100 printable characters without spaces' };
const STAFF_NUMBER = /^[A-Za-z0-9-]{1,32}$/;

export class SlotImportItemDto {
  @ApiProperty({ example: 'CARD-2026-06-15-0900', description: "The trust's own reference (PAS/EPR); re-importing it updates the slot" })
  @Matches(EXTERNAL_REF, EXTERNAL_REF_MESSAGE)
  externalRef: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() siteId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;

  @ApiProperty({ example: 'cardiology' })
  @IsKebabCase()
  @MaxLength(60)
  specialty: string;

  @ApiProperty({ enum: SLOT_KINDS }) @IsIn(SLOT_KINDS) kind: SlotKind;

  @ApiPropertyOptional({ example: 'C10001' })
  @IsOptional()
  @Matches(STAFF_NUMBER, { message: 'must be 1–32 letters, digits or dashes' })
  clinicianStaffNumber?: string;

  @ApiProperty({ example: '2026-06-15T09:00:00+01:00' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-06-15T09:15:00+01:00' }) @IsInstantWithOffset() endsAt: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1000, description: 'Bookings the slot holds (1 unless the clinic says so)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;
}

export class SlotImportDto {
  @ApiProperty({ type: [SlotImportItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BOOKING_IMPORT_ROWS)
  @ValidateNested({ each: true })
  @Type(() => SlotImportItemDto)
  items: SlotImportItemDto[];
}

export class AppointmentImportItemDto {
  @ApiProperty({ example: 'APT-000123' }) @Matches(EXTERNAL_REF, EXTERNAL_REF_MESSAGE) externalRef: string;
  @ApiProperty({ example: '9434765919' }) @IsNhsNumber() nhsNumber: string;
  @ApiProperty({ example: 'CARD-2026-06-15-0900' }) @Matches(EXTERNAL_REF, EXTERNAL_REF_MESSAGE) slotExternalRef: string;
  @ApiProperty({ enum: APPOINTMENT_KINDS }) @IsIn(APPOINTMENT_KINDS) kind: AppointmentKind;
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency: OutpatientUrgency;
  @ApiPropertyOptional({ enum: SURGICAL_PRIORITIES, description: 'Procedures only (day-case, inpatient)' })
  @IsOptional()
  @IsIn(SURGICAL_PRIORITIES)
  surgicalPriority?: SurgicalPriority;

  @ApiProperty({ example: '2026-01-05', description: 'Referral-to-treatment clock start' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  referralDate: string;
}

export class AppointmentImportDto {
  @ApiProperty({ type: [AppointmentImportItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BOOKING_IMPORT_ROWS)
  @ValidateNested({ each: true })
  @Type(() => AppointmentImportItemDto)
  items: AppointmentImportItemDto[];
}

export class BookingImportResultDto {
  @ApiProperty() received: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty({ description: 'Appointments already postponed or rebooked: the service manages them now, so a re-import leaves them as they are' })
  unchanged: number;
}

export class AppointmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES }) @IsOptional() @IsIn(APPOINTMENT_STATUSES) status?: AppointmentStatus;
  @ApiPropertyOptional({ description: 'appointments starting at or after this instant' }) @IsOptional() @IsInstantWithOffset() from?: string;
  @ApiPropertyOptional({ description: 'appointments starting before this instant' }) @IsOptional() @IsInstantWithOffset() to?: string;
}

export class AppointmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for a rebooking made by this service' }) externalRef: string | null;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ format: 'uuid' }) slotId: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty() specialty: string;
  @ApiProperty({ enum: APPOINTMENT_KINDS }) kind: AppointmentKind;
  @ApiProperty({ enum: URGENCIES }) urgency: OutpatientUrgency;
  @ApiProperty({ enum: SURGICAL_PRIORITIES, nullable: true }) surgicalPriority: SurgicalPriority | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) clinicianStaffNumber: string | null;
  @ApiProperty() cancellationCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) rebookedFromId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) rebookedToId: string | null;
}

export class AppointmentWithHistoryDto extends AppointmentResponseDto {
  @ApiProperty({ type: [AppointmentResponseDto], description: 'The whole rebooking chain, oldest first (this appointment included)' })
  rebookingHistory: AppointmentResponseDto[];
}

export class PageOfAppointmentsDto {
  @ApiProperty({ type: [AppointmentResponseDto] }) items: AppointmentResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toAppointmentResponse(appointment: AppointmentRecord): AppointmentResponseDto {
  return {
    id: appointment.id,
    externalRef: appointment.externalRef,
    status: appointment.status,
    slotId: appointment.slotId,
    siteId: appointment.siteId,
    specialty: appointment.specialty,
    kind: appointment.kind,
    urgency: appointment.urgency,
    surgicalPriority: appointment.surgicalPriority,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    clinicianStaffNumber: appointment.clinicianStaffNumber,
    cancellationCount: appointment.cancellationCount,
    rebookedFromId: appointment.rebookedFromId,
    rebookedToId: appointment.rebookedToId,
  };
}

export function toAppointmentWithHistory(view: AppointmentView): AppointmentWithHistoryDto {
  return { ...toAppointmentResponse(view.appointment), rebookingHistory: view.chain.map(toAppointmentResponse) };
}

export class SlotListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'slots starting at or after this instant' }) @IsOptional() @IsInstantWithOffset() from?: string;
  @ApiPropertyOptional({ description: 'slots starting before this instant' }) @IsOptional() @IsInstantWithOffset() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() siteId?: string;
  @ApiPropertyOptional({ example: 'cardiology' }) @IsOptional() @IsKebabCase() @MaxLength(60) specialty?: string;
  @ApiPropertyOptional({ enum: SLOT_KINDS }) @IsOptional() @IsIn(SLOT_KINDS) kind?: SlotKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: slots with a free place · false: full slots · absent: both' })
  @IsOptional()
  @IsIn(['true', 'false'])
  hasCapacity?: 'true' | 'false';
}

export class SlotResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalRef: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty() specialty: string;
  @ApiProperty({ enum: SLOT_KINDS }) kind: SlotKind;
  @ApiProperty({ nullable: true, type: String }) clinicianStaffNumber: string | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() capacity: number;
  @ApiProperty({ description: 'Places held (booked, offered or confirmed)' }) bookedCount: number;
  @ApiProperty({ description: 'capacity − bookedCount' }) free: number;
}

export function toSlotResponse(slot: SlotRecord): SlotResponseDto {
  return {
    id: slot.id,
    externalRef: slot.externalRef,
    siteId: slot.siteId,
    departmentId: slot.departmentId,
    specialty: slot.specialty,
    kind: slot.kind,
    clinicianStaffNumber: slot.clinicianStaffNumber,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    capacity: slot.capacity,
    bookedCount: slot.bookedCount,
    free: slot.capacity - slot.bookedCount,
  };
}

export class PageOfSlotsDto {
  @ApiProperty({ type: [SlotResponseDto] }) items: SlotResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
