import { IsInstantWithOffset, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CONSENT_SOURCES, CONSENT_STATES } from '../engine/cover-consent';
import { ON_CALL_KINDS, RATE_REGIONS } from '../engine/rate-card';
import { ASSIGNMENT_STATUSES, AssignmentStatus } from './cover-assignment.repository';
import { CoverAssignmentView } from './cover-assignment.service';

// ── Assignments ───────────────────────────────────────────────────────────────────────────────

export class CreateCoverAssignmentDto {
  @ApiProperty({ example: 'C1001' }) @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' }) staffNumber: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') departmentId: string;
  @ApiProperty({ example: '2026-01-12T08:00:00+00:00', description: 'ISO 8601 with offset; within the walkout' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-01-12T20:00:00+00:00' }) @IsInstantWithOffset() endsAt: string;
  @ApiProperty({
    description:
      'The consultant agreed to this shift and the planner records it (cover is extra-contractual). false: the shift is made only if an availability window the consultant declared holds it, or requestConsent asks them',
  })
  @IsBoolean()
  consentRecorded: boolean;
  @ApiPropertyOptional({ description: 'Without recorded consent: ask the consultant by a link; the shift is requested, not assigned, until they accept' })
  @IsOptional()
  @IsBoolean()
  requestConsent?: boolean;
  @ApiPropertyOptional({ enum: ON_CALL_KINDS, default: 'resident', description: 'non-resident on-call counts towards working time only for the hours called in' })
  @IsOptional()
  @IsIn(ON_CALL_KINDS)
  onCall?: (typeof ON_CALL_KINDS)[number];
  @ApiPropertyOptional({ description: 'Start of the 20-minute break of a shift longer than 6 h; planned in the middle of the shift when absent' })
  @IsOptional()
  @IsInstantWithOffset()
  breakStartsAt?: string;
  @ApiPropertyOptional({ description: 'The consultant agreed to exceed the rest or 72 h limits, and why; without it those limits refuse the shift. Compensatory rest owed is recorded' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  exceedLimitsReason?: string;
}

export class CoverAssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES }) @IsOptional() @IsIn(ASSIGNMENT_STATUSES) status?: AssignmentStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') departmentId?: string;
}

export class BandPriceDto {
  @ApiProperty({ example: 'weekday-day', description: 'a band of the rate card, or non-resident-availability' }) band: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the rate applied' }) pencePerHour: number | null;
  @ApiProperty() pence: number;
}

export class ShiftPriceDto {
  @ApiProperty({ description: 'whole pence; the sum of the bands' }) totalPence: number;
  @ApiProperty({ example: 'BMA consultant rate card 2025' }) rateCard: string;
  @ApiProperty({ enum: RATE_REGIONS }) rateRegion: string;
  @ApiProperty({ type: [BandPriceDto], description: 'priced band by band: a shift that crosses bands has one line per band' }) bands: BandPriceDto[];
}

export class PlannedBreakDto {
  @ApiProperty() startsAt: string;
  @ApiProperty() minutes: number;
}

export class ShiftFlagsDto {
  @ApiProperty({ description: 'longer than 6 h: a 20-minute break is required (and planned: plannedBreak)' }) breakRequired: boolean;
  @ApiProperty() breakMinutes: number;
}

export class ConsentDto {
  @ApiProperty({ enum: CONSENT_STATES, description: 'requested: asked, not assigned until accepted; expiry is computed on read' }) state: string;
  @ApiProperty({ nullable: true, enum: [...CONSENT_SOURCES, 'unconfirmed-autofill'], description: 'how an accepted shift was agreed; unconfirmed-autofill: made before consent was asked' })
  source: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the availability window that gave consent' }) availabilityId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when a request lapses unanswered' }) requestExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) respondedAt: string | null;
}

export class WorkingTimeDto {
  @ApiProperty({ type: [String], description: 'limits exceeded with the consultant’s agreement' }) exceededLimits: string[];
  @ApiProperty({ nullable: true, type: String }) exceedReason: string | null;
  @ApiProperty({ description: 'compensatory rest owed for the limits exceeded' }) compensatoryRestMinutes: number;
}

export class CoverAssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES, description: 'active: assigned (accepted); requested, declined and expired shifts are not assigned' }) status: AssignmentStatus;
  @ApiProperty({ enum: ['manual', 'autofill'] }) source: 'manual' | 'autofill';
  @ApiProperty({ enum: ON_CALL_KINDS }) onCall: string;
  @ApiProperty({ type: ConsentDto }) consent: ConsentDto;
  @ApiProperty({ nullable: true, type: String, description: 'kept for clients of the first version: consent.recordedAt' }) consentRecordedAt: string | null;
  @ApiProperty({ type: ShiftFlagsDto }) flags: ShiftFlagsDto;
  @ApiProperty({ nullable: true, type: PlannedBreakDto }) plannedBreak: PlannedBreakDto | null;
  @ApiProperty({ type: WorkingTimeDto }) workingTime: WorkingTimeDto;
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
    onCall: assignment.onCall,
    consent: {
      state: assignment.consentState,
      source: assignment.consentSource,
      recordedAt: assignment.consentRecordedAt?.toISOString() ?? null,
      availabilityId: assignment.availabilityId,
      requestExpiresAt: assignment.requestExpiresAt?.toISOString() ?? null,
      respondedAt: assignment.respondedAt?.toISOString() ?? null,
    },
    consentRecordedAt: assignment.consentRecordedAt?.toISOString() ?? null,
    flags: { breakRequired: assignment.breakRequired, breakMinutes: assignment.breakMinutes },
    plannedBreak: assignment.plannedBreakStartsAt ? { startsAt: assignment.plannedBreakStartsAt.toISOString(), minutes: assignment.plannedBreakMinutes ?? 0 } : null,
    workingTime: { exceededLimits: assignment.exceededLimits, exceedReason: assignment.exceedReason, compensatoryRestMinutes: assignment.compensatoryRestMinutes },
    price: {
      totalPence: assignment.pricePence,
      rateCard: assignment.rateCard,
      rateRegion: assignment.rateRegion,
      bands: assignment.priceBands.map((b) => ({ band: b.band, minutes: b.minutes, pencePerHour: b.pencePerHour ?? null, pence: b.pence })),
    },
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
