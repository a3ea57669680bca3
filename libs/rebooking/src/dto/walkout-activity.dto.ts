import { PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { UNPLACED_REASONS } from '../engine/engine.types';
import { KEEP_REASONS } from '../postponement-policy';
import { ImpactBreakdown, PostponementResult, WalkoutImpact } from '../postponement.service';
import { DEFAULT_REBOOKING_HORIZON_DAYS, MAX_REBOOKING_HORIZON_DAYS, REBOOKING_RUN_STATUSES, RebookingRunStatus } from '../rebooking.constants';
import { RebookingRunRecord } from '../rebooking-run.repository';

export class ImpactFiguresDto {
  @ApiProperty({ description: 'Holding a slot in the window; kept by policy' }) kept: number;
  @ApiProperty({ description: 'Holding a slot in the window; to be postponed' }) toPostpone: number;
  @ApiProperty({ description: 'Already postponed by this walkout' }) alreadyPostponed: number;
}

export class ImpactBreakdownDto extends ImpactFiguresDto {
  @ApiProperty({ description: 'The kind, urgency, surgical priority (`none` without one) or specialty' }) value: string;
}

export class KeptByDto {
  @ApiProperty({ description: 'Slots of emergency, maternity, intensive-care and neonatal departments' }) 'critical-department': number;
  @ApiProperty() P1a: number;
  @ApiProperty() P1b: number;
  @ApiProperty() 'two-week-wait': number;
}

export class WalkoutImpactDto {
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [String], description: 'Affected sites; empty: every site of the trust', format: 'uuid' }) siteIds: string[];
  @ApiProperty({ type: ImpactFiguresDto }) totals: ImpactFiguresDto;
  @ApiProperty({ type: KeptByDto, description: `Kept appointments by the first reason that applies (${KEEP_REASONS.join(', ')})` }) keptBy: KeptByDto;
  @ApiProperty({ type: [ImpactBreakdownDto] }) byKind: ImpactBreakdownDto[];
  @ApiProperty({ type: [ImpactBreakdownDto] }) byUrgency: ImpactBreakdownDto[];
  @ApiProperty({ type: [ImpactBreakdownDto] }) byPriority: ImpactBreakdownDto[];
  @ApiProperty({ type: [ImpactBreakdownDto] }) bySpecialty: ImpactBreakdownDto[];
}

const toBreakdown = (row: ImpactBreakdown): ImpactBreakdownDto => ({ value: row.value, kept: row.kept, toPostpone: row.toPostpone, alreadyPostponed: row.alreadyPostponed });

export function toImpactResponse(impact: WalkoutImpact): WalkoutImpactDto {
  return {
    walkoutId: impact.walkout.id,
    startsAt: impact.walkout.startsAt.toISOString(),
    endsAt: impact.walkout.endsAt.toISOString(),
    siteIds: impact.walkout.siteIds,
    totals: { ...impact.totals },
    keptBy: { ...impact.keptBy },
    byKind: impact.byKind.map(toBreakdown),
    byUrgency: impact.byUrgency.map(toBreakdown),
    byPriority: impact.byPriority.map(toBreakdown),
    bySpecialty: impact.bySpecialty.map(toBreakdown),
  };
}

export class PostponementRequestDto {
  @ApiPropertyOptional({ default: false, description: 'Count only; nothing is written' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Appointments to keep although the policy would postpone them (clinical judgement)', format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50_000)
  @IsUUID('all', { each: true })
  keepAppointmentIds?: string[];
}

export class PostponementResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'Postponed by this request (would be, on a dry run)' }) postponed: number;
  @ApiProperty({ description: 'Kept in the window, by policy or by keepAppointmentIds' }) kept: number;
  @ApiProperty({ description: 'Patients whose appointments this request postpones' }) patients: number;
  @ApiProperty({ description: 'Notices queued: one per patient, none on a repeat' }) noticesQueued: number;
  @ApiProperty({ description: 'Postponed by earlier requests for this walkout' }) alreadyPostponed: number;
}

export function toPostponementResponse(result: PostponementResult): PostponementResultDto {
  return { ...result };
}

export class RebookingRunRequestDto {
  @ApiPropertyOptional({ default: true, description: "Only the patient's own site; false also offers other sites of the trust" })
  @IsOptional()
  @IsBoolean()
  sameSiteOnly?: boolean;

  @ApiPropertyOptional({ default: DEFAULT_REBOOKING_HORIZON_DAYS, minimum: 1, maximum: MAX_REBOOKING_HORIZON_DAYS, description: 'Latest new date, in days after the walkout ends' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REBOOKING_HORIZON_DAYS)
  horizonDays?: number;
}

export class RebookingRunAcceptedDto {
  @ApiProperty({ format: 'uuid' }) runId: string;
}

export class RebookingRunResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ enum: REBOOKING_RUN_STATUSES }) status: RebookingRunStatus;
  @ApiProperty({ description: 'Percent done, 0–100' }) progress: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Appointments waiting for a date when the run started' }) considered: number | null;
  @ApiProperty({ nullable: true, type: Number }) placed: number | null;
  @ApiProperty({ nullable: true, type: Number }) unplaced: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Placed more than 28 days after the walkout' }) breaches28Day: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Placed within 14 days of the walkout' }) within14Days: number | null;
  @ApiProperty({ nullable: true, description: `Unplaced by reason: ${UNPLACED_REASONS.join(', ')}, SLOT_TAKEN_CONCURRENTLY`, type: Object }) unplacedByReason: Record<string, number> | null;
  @ApiProperty() sameSiteOnly: boolean;
  @ApiProperty() horizonDays: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
}

export function toRebookingRunResponse(run: RebookingRunRecord): RebookingRunResponseDto {
  return {
    id: run.id,
    walkoutId: run.walkoutId,
    status: run.status,
    progress: run.progress,
    considered: run.considered,
    placed: run.placed,
    unplaced: run.unplaced,
    breaches28Day: run.breaches28Day,
    within14Days: run.within14Days,
    unplacedByReason: run.unplacedByReason,
    sameSiteOnly: run.sameSiteOnly,
    horizonDays: run.horizonDays,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    failureReason: run.failureReason,
  };
}

export class RebookingRunListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REBOOKING_RUN_STATUSES }) @IsOptional() @IsIn(REBOOKING_RUN_STATUSES) status?: RebookingRunStatus;
}

export class PageOfRebookingRunsDto {
  @ApiProperty({ type: [RebookingRunResponseDto], description: 'Newest first' }) items: RebookingRunResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
