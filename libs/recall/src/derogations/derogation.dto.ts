import { IsInstantWithOffset, MultilineText } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { Transform } from 'class-transformer';
import { DerogationChange, DerogationView } from './derogation.service';
import { DEROGATION_ACTIONS, DEROGATION_STATUSES, DerogationStatus } from '../engine/derogation-state';
import { MITIGATIONS } from '../engine/derogation-evidence';
import { HARM_OUTCOMES, HarmOutcome } from './derogation.repository';
import { DerogationRecallOutcome } from './derogation-recall.service';
import { StandDownResultDto } from '../incidents/major-incident.dto';

export class StaffNeedDto {
  @ApiProperty({ example: 'resident-doctor', description: 'A staff grade (as the staff list records them)' }) grade: string;
  @ApiProperty({ example: 'anaesthetics', description: 'Specialty in kebab-case' }) specialty: string;
  @ApiProperty({ minimum: 1, maximum: 1000 }) count: number;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'At this site; absent: any site of the trust' }) siteId?: string | null;
}

export class HoursDto {
  @ApiProperty({ example: '2026-01-12T19:00:00+00:00' }) from: string;
  @ApiProperty({ example: '2026-01-13T07:00:00+00:00' }) to: string;
}

export class MitigationDto {
  @ApiProperty({ description: 'Whether it was tried' }) tried: boolean;
  @ApiProperty({ description: 'What was done, or why it could not be' }) note: string;
}

export class MitigationsDto {
  @ApiProperty({ type: MitigationDto }) electivesCancelled: MitigationDto;
  @ApiProperty({ type: MitigationDto }) premiumRatesOffered: MitigationDto;
  @ApiProperty({ type: MitigationDto }) bankAndAgencyApproached: MitigationDto;
  @ApiProperty({ type: MitigationDto }) consultantsRedeployed: MitigationDto;
  @ApiProperty({ type: MitigationDto }) mutualAidAsked: MitigationDto;
}

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

  @ApiPropertyOptional({ default: false, description: 'External mass-casualty event: recall at once from submission, in parallel with the decision (flagged in the audit log)' })
  @IsOptional()
  @IsBoolean()
  failsafe?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Save as a draft (nothing leaves the trust; evidence may be incomplete); submit it later' })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;

  // The evidence NHS England asks for; required to submit, checked field by field by the engine.
  @ApiPropertyOptional({ type: [String], description: 'The services at risk' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  servicesAtRisk?: string[];

  @ApiPropertyOptional({ type: [StaffNeedDto], description: 'Staff needed by grade and specialty (each grade must be one the walkout names)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  staffNeeded?: StaffNeedDto[];

  @ApiPropertyOptional({ type: HoursDto, description: 'The hours the staff are needed for' })
  @IsOptional()
  @IsObject()
  hours?: HoursDto;

  @ApiPropertyOptional({ type: MitigationsDto, description: `What was tried first, each with a note: ${MITIGATIONS.join(', ')}` })
  @IsOptional()
  @IsObject()
  @MultilineText()
  mitigations?: MitigationsDto;
}

export class DerogationDecisionDto {
  @ApiProperty() @IsBoolean() approved: boolean;
  @ApiProperty({ description: 'The reason for the decision' }) @IsString() @Length(1, 2000) @MultilineText() note: string;
}

export class DerogationActionDto {
  @ApiPropertyOptional({ description: 'Why (kept with the move)' }) @IsOptional() @IsString() @Length(1, 2000) @MultilineText() note?: string;
}

export class DerogationReasonDto {
  @ApiProperty({ description: 'Why (kept with the move)' }) @IsString() @Length(1, 2000) @MultilineText() note: string;
}

export class HarmReportDto {
  @ApiProperty({ enum: HARM_OUTCOMES, description: 'What followed the decline' }) @IsIn(HARM_OUTCOMES) outcome: HarmOutcome;
  @ApiProperty({ description: 'What happened (free text, audited)' }) @IsString() @Length(1, 10_000) @MultilineText() note: string;
}

export class DerogationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEROGATION_STATUSES }) @IsOptional() @IsIn(DEROGATION_STATUSES) status?: DerogationStatus;
  @ApiPropertyOptional({ description: 'Only requests undecided past their decision deadline' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class DerogationTransitionDto {
  @ApiProperty({ nullable: true, type: String, enum: DEROGATION_STATUSES }) from: string | null;
  @ApiProperty({ enum: DEROGATION_STATUSES }) to: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The user who moved it' }) by: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'A decision recorded at or after the decision deadline' }) late: boolean;
}

export class HarmDto {
  @ApiProperty({ enum: HARM_OUTCOMES }) outcome: string;
  @ApiProperty() note: string;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reportedBy: string | null;
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
  @ApiProperty({ enum: DEROGATION_STATUSES }) status: string;
  @ApiProperty({ description: 'Undecided past its decision deadline' }) overdue: boolean;
  @ApiProperty({ enum: DEROGATION_ACTIONS, isArray: true, description: 'What the state allows next (who may take each: docs/api.md)' }) allowedActions: string[];
  @ApiProperty({ type: RecallPermissionDto }) permission: RecallPermissionDto;
  @ApiProperty({ nullable: true, type: [String] }) servicesAtRisk: string[] | null;
  @ApiProperty({ nullable: true, type: [StaffNeedDto] }) staffNeeded: StaffNeedDto[] | null;
  @ApiProperty({ nullable: true, type: HoursDto }) hours: HoursDto | null;
  @ApiProperty({ nullable: true, type: MitigationsDto }) mitigations: Partial<MitigationsDto> | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Withdrawn or revoked at' }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedBy: string | null;
  @ApiProperty({ nullable: true, type: HarmDto, description: 'After a decline: whether harm or a near miss followed' }) harm: HarmDto | null;
  @ApiProperty({ type: [DerogationTransitionDto], description: 'Every move, oldest first (empty in lists)' }) transitions: DerogationTransitionDto[];
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
    overdue: derogation.overdue,
    allowedActions: derogation.allowedActions,
    servicesAtRisk: derogation.servicesAtRisk,
    staffNeeded: derogation.staffNeeded,
    hours: derogation.hoursFrom && derogation.hoursTo ? { from: derogation.hoursFrom.toISOString(), to: derogation.hoursTo.toISOString() } : null,
    mitigations: derogation.mitigations,
    submittedAt: iso(derogation.submittedAt),
    submittedBy: derogation.submittedBy,
    endedAt: iso(derogation.endedAt),
    endedBy: derogation.endedBy,
    harm: derogation.harmOutcome ? { outcome: derogation.harmOutcome, note: derogation.harmNote ?? '', reportedAt: derogation.harmReportedAt!.toISOString(), reportedBy: derogation.harmReportedBy } : null,
    transitions: derogation.transitions.map((t) => ({ from: t.from, to: t.to, at: new Date(t.at).toISOString(), by: t.by, note: t.note, late: t.late })),
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
