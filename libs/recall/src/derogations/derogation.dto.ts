import { IsInstantWithOffset, MultilineText } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max } from 'class-validator';
import { DerogationChange, DerogationView } from './derogation.service';
import { DerogationRecallOutcome } from './derogation-recall.service';
import { StandDownResultDto } from '../incidents/major-incident.dto';

/**
 * Types only here; which combination is valid (staff numbers, or a department with a count) and the
 * deadline are checked by the engine's validateDerogationRequest, which reports every problem at once.
 */
export class RequestDerogationDto {
  @ApiProperty({ description: 'The walkout the staff are striking in', format: 'uuid' })
  @IsUUID('all')
  walkoutId: string;

  @ApiPropertyOptional({ type: [String], description: 'Exactly these staff; or give departmentId with count' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { each: true, message: 'each must be 1–32 letters, digits or dashes' })
  staffNumbers?: string[];

  @ApiPropertyOptional({ description: 'Recall `count` striking staff of this department', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Max(10_000)
  count?: number;

  @ApiProperty({ description: 'Why other options are exhausted' })
  @IsString()
  @Length(1, 10_000)
  @MultilineText()
  evidence: string;

  @ApiProperty({ example: '2026-01-12T14:00:00+00:00', description: 'The request must be decided before this' })
  @IsInstantWithOffset()
  decisionDeadline: string;

  @ApiPropertyOptional({ default: false, description: 'External mass-casualty event: recall at once, in parallel with the decision (flagged in the audit log)' })
  @IsOptional()
  @IsBoolean()
  failsafe?: boolean;
}

export class DerogationDecisionDto {
  @ApiProperty() @IsBoolean() approved: boolean;
  @ApiProperty({ description: 'The reason for the decision' }) @IsString() @Length(1, 2000) @MultilineText() note: string;
}

export class RecallPermissionDto {
  @ApiProperty() mayRecall: boolean;
  @ApiProperty({ description: 'Recall before approval (failsafe): flagged for audit' }) flagged: boolean;
  @ApiProperty() reason: string;
}

export class DerogationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ enum: ['staff', 'department'] }) target: 'staff' | 'department';
  @ApiProperty({ type: [String] }) staffNumbers: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: Number }) count: number | null;
  @ApiProperty() evidence: string;
  @ApiProperty() decisionDeadline: string;
  @ApiProperty() failsafe: boolean;
  @ApiProperty({ enum: ['requested', 'approved', 'rejected', 'expired'] }) status: string;
  @ApiProperty({ type: RecallPermissionDto }) permission: RecallPermissionDto;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: String }) recallStartedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) recallEndedAt: string | null;
  @ApiProperty() recalled: number;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
}

export class DerogationRecallDto {
  @ApiProperty({ enum: ['started', 'deferred', 'not-started'] }) status: string;
  @ApiPropertyOptional() recalled?: number;
  @ApiPropertyOptional({ description: 'Deferred until the walkout starts' }) until?: string;
  @ApiPropertyOptional() flagged?: boolean;
  @ApiPropertyOptional({ enum: ['NOT_PERMITTED', 'ALREADY_STARTED', 'WALKOUT_NOT_IN_PROGRESS'] }) reason?: string;
}

export class DerogationChangeResponseDto extends DerogationResponseDto {
  @ApiProperty({ type: DerogationRecallDto, nullable: true }) recall: DerogationRecallDto | null;
  @ApiProperty({ type: StandDownResultDto, nullable: true }) standDown: StandDownResultDto | null;
}

export class PageOfDerogationsDto {
  @ApiProperty({ type: [DerogationResponseDto] }) items: DerogationResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function toDerogationResponse(derogation: DerogationView): DerogationResponseDto {
  return {
    id: derogation.id,
    trustId: derogation.trustId,
    walkoutId: derogation.walkoutId,
    target: derogation.targetKind,
    staffNumbers: derogation.staffNumbers,
    departmentId: derogation.departmentId,
    count: derogation.requestedCount,
    evidence: derogation.evidence,
    decisionDeadline: derogation.decisionDeadline.toISOString(),
    failsafe: derogation.failsafe,
    status: derogation.status,
    permission: { mayRecall: derogation.permission.mayRecall, flagged: derogation.permission.flagged, reason: derogation.permission.reason },
    decidedAt: iso(derogation.decidedAt),
    decidedBy: derogation.decidedBy,
    decisionNote: derogation.decisionNote,
    recallStartedAt: iso(derogation.recallStartedAt),
    recallEndedAt: iso(derogation.recallEndedAt),
    recalled: derogation.recalledCount,
    createdBy: derogation.createdBy,
    createdAt: derogation.createdAt.toISOString(),
  };
}

function toRecall(recall: DerogationRecallOutcome): DerogationRecallDto {
  switch (recall.status) {
    case 'started':
      return { status: recall.status, recalled: recall.recalled, flagged: recall.flagged };
    case 'deferred':
      return { status: recall.status, until: recall.until.toISOString(), flagged: recall.flagged };
    case 'not-started':
      return { status: recall.status, reason: recall.reason };
  }
}

export function toDerogationChangeResponse(change: DerogationChange): DerogationChangeResponseDto {
  return { ...toDerogationResponse(change.derogation), recall: change.recall ? toRecall(change.recall) : null, standDown: change.standDown };
}
