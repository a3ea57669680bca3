import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RemainingGapReason } from '../engine/autofill';
import { RotaCost } from '../engine/cover-cost';
import { CoverHoursTotals } from '../engine/hourly-gaps';
import { CoverAutofillView, CoverGapsView } from './cover-rota.service';
import { PlannedBreakDto } from '../assignments/cover-assignment.dto';

// ── Gaps ──────────────────────────────────────────────────────────────────────────────────────

export class CoverGapHourDto {
  @ApiProperty({ description: 'start of the Europe/London wall-clock hour, in UTC' }) from: string;
  @ApiProperty() to: string;
  @ApiProperty() required: number;
  @ApiProperty({ description: 'accepted shifts only' }) assigned: number;
  @ApiProperty({ description: 'consultants asked and not yet answered: not assigned, still short' }) requested: number;
  @ApiProperty() shortfall: number;
}

export class RotaCostDto {
  @ApiProperty({ description: 'what the accepted shifts cost' }) assignedPence: number;
  @ApiProperty({ description: 'what the shifts asked and not yet answered would cost if accepted (not in projectedPence)' }) requestedPence: number;
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
  @ApiProperty({ enum: ['outside-london', 'london'], description: 'the card’s variant this trust is priced at (cover-settings)' }) rateRegion: string;
}

const totalsOf = (hours: CoverHoursTotals, cost: RotaCost & { requestedPence: number }): CoverTotalsDto => ({ ...hours, cost: { ...cost } });

export function toCoverGapsResponse(view: CoverGapsView): CoverGapsResponseDto {
  return {
    walkoutId: view.walkoutId,
    startsAt: view.startsAt.toISOString(),
    endsAt: view.endsAt.toISOString(),
    items: view.gaps.items.map((item) => ({
      departmentId: item.departmentId,
      hours: item.hours.map((h, i) => ({
        from: h.from.toISOString(),
        to: h.to.toISOString(),
        required: h.required,
        assigned: h.assigned,
        requested: view.requested.get(item.departmentId)?.[i] ?? 0,
        shortfall: h.shortfall,
      })),
      totals: totalsOf(item.totals, view.costByDepartment.get(item.departmentId)!),
    })),
    totals: totalsOf(view.gaps.totals, view.cost),
    rateCard: view.rateCard,
    rateRegion: view.rateRegion,
  };
}

// ── Autofill ──────────────────────────────────────────────────────────────────────────────────

export class CoverAutofillQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: save every proposal in one transaction, as requested shifts (each consultant is asked by a link) unless a declared availability window holds it',
  })
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
  @ApiProperty({ nullable: true, type: PlannedBreakDto, description: 'the 20-minute break, planned in the middle of a shift longer than 6 h' }) plannedBreak: PlannedBreakDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the consultant’s availability window that holds the shift: consent given in advance' }) availabilityWindowId: string | null;
  @ApiProperty() pricePence: number;
  @ApiProperty({ nullable: true, type: String, description: 'the saved assignment, when applied', format: 'uuid' }) assignmentId: string | null;
  @ApiProperty({ nullable: true, enum: ['accepted', 'requested'], description: 'when applied: accepted inside an availability window, else requested (not assigned until the consultant accepts)' })
  consentState: 'accepted' | 'requested' | null;
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
      plannedBreak: p.plannedBreak ? { startsAt: p.plannedBreak.startsAt.toISOString(), minutes: p.plannedBreak.minutes } : null,
      availabilityWindowId: p.availabilityWindowId,
      pricePence: p.price.totalPence,
      assignmentId: p.assignmentId,
      consentState: p.consentState,
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
