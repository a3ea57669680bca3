import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { KEEP_REASONS } from '../engine/postponement-policy';
import { ImpactBreakdown, PostponementResult, WalkoutImpact } from './postponement.service';

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

