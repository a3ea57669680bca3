import { IsInstantWithOffset, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CoverAssignmentView } from './cover-assignment.service';

// ── Assignments ───────────────────────────────────────────────────────────────────────────────

export class CreateCoverAssignmentDto {
  @ApiProperty({ example: 'C1001' }) @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' }) staffNumber: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') departmentId: string;
  @ApiProperty({ example: '2026-01-12T08:00:00+00:00', description: 'ISO 8601 with offset; within the walkout' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-01-12T20:00:00+00:00' }) @IsInstantWithOffset() endsAt: string;
  @ApiProperty({ description: 'The consultant agreed to this shift (cover is extra-contractual); must be true' }) @IsBoolean() consentRecorded: boolean;
}

export class CoverAssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'cancelled'] }) @IsOptional() @IsIn(['active', 'cancelled']) status?: 'active' | 'cancelled';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') departmentId?: string;
}

export class BandPriceDto {
  @ApiProperty() minutes: number;
  @ApiProperty() pence: number;
}

export class PriceByBandDto {
  @ApiProperty({ type: BandPriceDto }) day: BandPriceDto;
  @ApiProperty({ type: BandPriceDto }) evening: BandPriceDto;
  @ApiProperty({ type: BandPriceDto }) night: BandPriceDto;
}

export class ShiftPriceDto {
  @ApiProperty({ description: 'whole pence; the sum of the bands' }) totalPence: number;
  @ApiProperty({ example: 'BMA consultant rate card 2023' }) rateCard: string;
  @ApiProperty({ type: PriceByBandDto }) byBand: PriceByBandDto;
}

export class ShiftFlagsDto {
  @ApiProperty({ description: 'longer than 6 h: plan a 20-minute break' }) breakRequired: boolean;
  @ApiProperty() breakMinutes: number;
}

export class CoverAssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: ['active', 'cancelled'] }) status: 'active' | 'cancelled';
  @ApiProperty({ enum: ['manual', 'autofill'] }) source: 'manual' | 'autofill';
  @ApiProperty() consentRecordedAt: string;
  @ApiProperty({ type: ShiftFlagsDto }) flags: ShiftFlagsDto;
  @ApiProperty({ type: ShiftPriceDto, description: 'priced when assigned' }) price: ShiftPriceDto;
  @ApiProperty({ nullable: true, type: String, description: "the consultant's calendar feed (iCalendar), one link for all their cover shifts" }) calendarUrl: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
}

export function toCoverAssignmentResponse(assignment: CoverAssignmentView): CoverAssignmentResponseDto {
  return {
    id: assignment.id,
    walkoutId: assignment.walkoutId,
    departmentId: assignment.departmentId,
    staffNumber: assignment.staffNumber,
    startsAt: assignment.startsAt.toISOString(),
    endsAt: assignment.endsAt.toISOString(),
    status: assignment.status,
    source: assignment.source,
    consentRecordedAt: assignment.consentRecordedAt.toISOString(),
    flags: { breakRequired: assignment.breakRequired, breakMinutes: assignment.breakMinutes },
    price: { totalPence: assignment.pricePence, rateCard: assignment.rateCard, byBand: assignment.priceByBand },
    calendarUrl: assignment.calendarUrl,
    createdAt: assignment.createdAt.toISOString(),
    updatedAt: assignment.updatedAt.toISOString(),
    cancelledAt: assignment.cancelledAt?.toISOString() ?? null,
  };
}

export class PageOfCoverAssignmentsDto {
  @ApiProperty({ type: [CoverAssignmentResponseDto] }) items: CoverAssignmentResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
