import { IsInstantWithOffset, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { RemainingGapReason } from '../autofill/autofill';
import { RotaCost } from '../cost/cover-cost';
import { CoverAssignmentView } from '../cover-assignment.service';
import { CoverRequirementRecord } from '../cover-requirement.repository';
import { CoverAutofillView, CoverGapsView } from '../cover-rota.service';
import { CoverHoursTotals } from '../gaps/hourly-gaps';

// ── Requirements ──────────────────────────────────────────────────────────────────────────────

export class CreateCoverRequirementDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') departmentId: string;
  @ApiProperty({ example: '2026-01-12T08:00:00+00:00', description: 'ISO 8601 with offset; within the walkout' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-01-12T20:00:00+00:00' }) @IsInstantWithOffset() endsAt: string;
  @ApiProperty({ minimum: 1, maximum: 100, example: 3 }) @IsInt() @Min(1) @Max(100) minConsultants: number;
}

export class CoverRequirementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() minConsultants: number;
  @ApiProperty() createdAt: string;
}

export function toCoverRequirementResponse(requirement: CoverRequirementRecord): CoverRequirementResponseDto {
  return {
    id: requirement.id,
    walkoutId: requirement.walkoutId,
    departmentId: requirement.departmentId,
    startsAt: requirement.startsAt.toISOString(),
    endsAt: requirement.endsAt.toISOString(),
    minConsultants: requirement.minConsultants,
    createdAt: requirement.createdAt.toISOString(),
  };
}

export class PageOfCoverRequirementsDto {
  @ApiProperty({ type: [CoverRequirementResponseDto] }) items: CoverRequirementResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

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

// ── Gaps ──────────────────────────────────────────────────────────────────────────────────────

export class CoverGapHourDto {
  @ApiProperty({ description: 'start of the Europe/London wall-clock hour, in UTC' }) from: string;
  @ApiProperty() to: string;
  @ApiProperty() required: number;
  @ApiProperty() assigned: number;
  @ApiProperty() shortfall: number;
}

export class RotaCostDto {
  @ApiProperty({ description: 'what the assignments made so far cost' }) assignedPence: number;
  @ApiProperty({ description: 'what closing the remaining gaps would cost at the current rate card' }) shortfallPence: number;
  @ApiProperty({ description: 'assigned + shortfall' }) projectedPence: number;
}

export class CoverTotalsDto {
  @ApiProperty({ description: 'consultant-hours' }) requiredHours: number;
  @ApiProperty() assignedHours: number;
  @ApiProperty({ description: 'assigned hours that meet a requirement' }) coveredHours: number;
  @ApiProperty() shortfallHours: number;
  @ApiProperty({ type: RotaCostDto }) cost: RotaCostDto;
}

export class DepartmentCoverGapsDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ type: [CoverGapHourDto] }) hours: CoverGapHourDto[];
  @ApiProperty({ type: CoverTotalsDto }) totals: CoverTotalsDto;
}

export class CoverGapsResponseDto {
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [DepartmentCoverGapsDto] }) items: DepartmentCoverGapsDto[];
  @ApiProperty({ type: CoverTotalsDto }) totals: CoverTotalsDto;
  @ApiProperty() rateCard: string;
}

const totalsOf = (hours: CoverHoursTotals, cost: RotaCost): CoverTotalsDto => ({ ...hours, cost: { ...cost } });

export function toCoverGapsResponse(view: CoverGapsView): CoverGapsResponseDto {
  return {
    walkoutId: view.walkoutId,
    startsAt: view.startsAt.toISOString(),
    endsAt: view.endsAt.toISOString(),
    items: view.gaps.items.map((item) => ({
      departmentId: item.departmentId,
      hours: item.hours.map((h) => ({ from: h.from.toISOString(), to: h.to.toISOString(), required: h.required, assigned: h.assigned, shortfall: h.shortfall })),
      totals: totalsOf(item.totals, view.costByDepartment.get(item.departmentId)!),
    })),
    totals: totalsOf(view.gaps.totals, view.cost),
    rateCard: view.rateCard,
  };
}

// ── Autofill ──────────────────────────────────────────────────────────────────────────────────

export class CoverAutofillQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: save every proposal in one transaction and send their notices' })
  @IsOptional()
  @IsIn(['true', 'false'])
  apply?: 'true' | 'false';
}

export class CoverProposalDto {
  @ApiProperty() staffNumber: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() breakRequired: boolean;
  @ApiProperty() pricePence: number;
  @ApiProperty({ nullable: true, type: String, description: 'the saved assignment, when applied', format: 'uuid' }) assignmentId: string | null;
}

export class RemainingGapDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() shortfall: number;
  @ApiProperty({ enum: ['NO_ELIGIBLE_CONSULTANT', 'WORKING_TIME_LIMITS', 'UNKNOWN_DEPARTMENT'] }) reason: RemainingGapReason;
}

export class CoverAutofillTotalsDto {
  @ApiProperty() proposals: number;
  @ApiProperty({ description: 'consultant-hours proposed' }) proposedHours: number;
  @ApiProperty() proposedPence: number;
  @ApiProperty({ description: 'consultant-hours still short after the proposals' }) remainingShortfallHours: number;
}

export class CoverAutofillResponseDto {
  @ApiProperty({ description: 'false: proposals only, nothing saved' }) applied: boolean;
  @ApiProperty({ type: [CoverProposalDto] }) proposals: CoverProposalDto[];
  @ApiProperty({ type: [RemainingGapDto] }) remainingGaps: RemainingGapDto[];
  @ApiProperty({ type: CoverAutofillTotalsDto }) totals: CoverAutofillTotalsDto;
  @ApiProperty() rateCard: string;
}

const hoursBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 3_600_000;

export function toCoverAutofillResponse(view: CoverAutofillView): CoverAutofillResponseDto {
  return {
    applied: view.applied,
    proposals: view.proposals.map((p) => ({
      staffNumber: p.staffNumber,
      departmentId: p.departmentId,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      breakRequired: p.breakRequired,
      pricePence: p.price.totalPence,
      assignmentId: p.assignmentId,
    })),
    remainingGaps: view.remainingGaps.map((g) => ({ departmentId: g.departmentId, from: g.from.toISOString(), to: g.to.toISOString(), shortfall: g.shortfall, reason: g.reason })),
    totals: {
      proposals: view.proposals.length,
      proposedHours: view.proposals.reduce((sum, p) => sum + hoursBetween(p.startsAt, p.endsAt), 0),
      proposedPence: view.proposals.reduce((sum, p) => sum + p.price.totalPence, 0),
      remainingShortfallHours: view.remainingGaps.reduce((sum, g) => sum + g.shortfall * hoursBetween(g.from, g.to), 0),
    },
    rateCard: view.rateCard,
  };
}
