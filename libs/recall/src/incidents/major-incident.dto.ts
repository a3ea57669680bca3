import { MultilineText, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IncidentAction, INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_STATES, IncidentLevel, IncidentState } from '../engine/incident-state';
import { IncidentChange, IncidentView, RecallStart } from './major-incident.service';
import { COHORT_EXCLUSION_REASONS } from '../engine/recall-rules';
import { Methane } from './major-incident.repository';

const TEXT_MAX = 1000;

function textOr(name: string, other: 'boolean' | 'count', message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message, ...options },
        validator: {
          validate: (value: unknown) =>
            (typeof value === 'string' && value.trim().length >= 1 && value.length <= TEXT_MAX) ||
            (other === 'boolean' ? typeof value === 'boolean' : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000),
        },
      });
}

const IsTextOrBoolean = textOr('isTextOrBoolean', 'boolean', `must be true/false or text of 1–${TEXT_MAX} characters`);
const IsTextOrCount = textOr('isTextOrCount', 'count', `must be a whole number or text of 1–${TEXT_MAX} characters`);

/** The METHANE report, as the first crew on scene gives it. */
export class IncidentNeedDto {
  @ApiProperty({ example: 'resident-doctor', description: 'A staff grade (a registrar is a resident doctor)' }) grade: string;
  @ApiProperty({ example: 'anaesthetics' }) specialty: string;
  @ApiProperty({ minimum: 1, maximum: 1000 }) count: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'At this one of the incident’s sites' }) siteId?: string;
}

export class MethaneDto {
  @ApiProperty({ description: 'M: major incident declared or on standby', oneOf: [{ type: 'string' }, { type: 'boolean' }], example: 'Declared' })
  @IsTextOrBoolean()
  majorIncident: string | boolean;

  @ApiProperty({ description: 'E: exact location', example: 'A4 Cromwell Road eastbound at the junction with Earls Court Road' })
  @IsString()
  @Length(1, TEXT_MAX)
  @MultilineText()
  exactLocation: string;

  @ApiProperty({ description: 'T: type of incident', example: 'Bus and lorry collision' })
  @IsString()
  @Length(1, TEXT_MAX)
  @MultilineText()
  typeOfIncident: string;

  @ApiProperty({ description: 'H: hazards', example: 'Fuel spill, unstable vehicle' })
  @IsString()
  @Length(1, TEXT_MAX)
  @MultilineText()
  hazards: string;

  @ApiProperty({ description: 'A: access', example: 'Staff entrance on Fulham Road; ED ambulance bay closed' })
  @IsString()
  @Length(1, TEXT_MAX)
  @MultilineText()
  access: string;

  @ApiProperty({ description: 'N: number of casualties (a number or a description)', oneOf: [{ type: 'string' }, { type: 'integer' }], example: 'About 40, 12 P1' })
  @IsTextOrCount()
  numberOfCasualties: string | number;

  @ApiProperty({ description: 'E: emergency services present and required', example: 'LAS, LFB, Met Police on scene' })
  @IsString()
  @Length(1, TEXT_MAX)
  @MultilineText()
  emergencyServices: string;
}

export class CreateMajorIncidentDto {
  @ApiProperty({ enum: INCIDENT_LEVELS })
  @IsIn(INCIDENT_LEVELS)
  level: IncidentLevel;

  @ApiProperty({ enum: ['standby', 'declared'], description: 'Declaring a major incident recalls striking staff at once' })
  @IsIn(['standby', 'declared'])
  state: 'standby' | 'declared';

  @ApiProperty({ type: [String], description: 'Affected sites of this trust', format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds: string[];

  @ApiPropertyOptional({ type: [String], description: 'Departments needed first (at the affected sites); absent = every department there', format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiProperty({ example: 'Multiple casualties from a bus collision on the A4' })
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  description: string;

  @ApiPropertyOptional({ type: MethaneDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MethaneDto)
  methane?: MethaneDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, description: 'Staff needed on site; escalation runs until this many are attending. Defaults to the size of the first recall' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  attendingTarget?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 900, description: 'Wait before each escalation check' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  escalateAfterSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, default: 3, description: 'Escalation rounds at most (reminders and widening)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxEscalationRounds?: number;

  @ApiPropertyOptional({
    type: [IncidentNeedDto],
    description: 'Recall by fill count instead of one attendingTarget: what is needed by grade and specialty (and site). Each need asks its nearest group first and widens on the escalation timer until filled, then tells the rest of its group to stand by',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  needs?: IncidentNeedDto[];

  @ApiPropertyOptional({ default: false, description: 'An exercise: every message says so at its start; counted and reported apart from live incidents' })
  @IsOptional()
  @IsBoolean()
  drill?: boolean;
}

export class MajorIncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATES }) @IsOptional() @IsIn(INCIDENT_STATES) state?: IncidentState;
  @ApiPropertyOptional({ default: false, description: 'List drills (exercises) instead of live incidents: the two are never mixed' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  drill?: boolean;
}

export class IncidentNeedResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() grade: string;
  @ApiProperty() specialty: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty() wanted: number;
  @ApiProperty({ description: 'Group asked so far: 0 = the need’s site (or the incident’s), 1 = the incident’s sites, 2 = every site of the trust' }) stage: number;
  @ApiProperty({ nullable: true, type: String }) filledAt: string | null;
}

export class MethaneResponseDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }] }) majorIncident: string | boolean;
  @ApiProperty() exactLocation: string;
  @ApiProperty() typeOfIncident: string;
  @ApiProperty() hazards: string;
  @ApiProperty() access: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }] }) numberOfCasualties: string | number;
  @ApiProperty() emergencyServices: string;
}

export class MajorIncidentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty({ enum: INCIDENT_LEVELS }) level: IncidentLevel;
  @ApiProperty({ enum: INCIDENT_STATES }) state: IncidentState;
  @ApiProperty({ enum: INCIDENT_ACTIONS, isArray: true, description: 'What may be done next' }) allowedActions: IncidentAction[];
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) departmentIds: string[];
  @ApiProperty({ type: MethaneResponseDto, nullable: true }) methane: MethaneResponseDto | null;
  @ApiProperty({ nullable: true, type: Number }) attendingTarget: number | null;
  @ApiProperty() escalateAfterSeconds: number;
  @ApiProperty() maxEscalationRounds: number;
  @ApiProperty({ description: '0 = named departments, 1 = every department at the sites, 2 = every site of the trust' }) wideningStage: number;
  @ApiProperty() escalationRound: number;
  @ApiProperty({ nullable: true, type: String }) nextEscalationAt: string | null;
  @ApiProperty({ nullable: true, type: String }) escalationEndedReason: string | null;
  @ApiProperty() recalled: number;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) declaredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) declaredBy: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedBy: string | null;
  @ApiProperty({ description: 'An exercise, kept apart from live figures' }) drill: boolean;
  @ApiProperty({ type: [IncidentNeedResponseDto], description: 'Fill-count needs (empty: one attending target)' }) needs: IncidentNeedResponseDto[];
}

export class RecallExclusionCountDto {
  @ApiProperty({ enum: COHORT_EXCLUSION_REASONS }) reason: string;
  @ApiProperty() count: number;
}

export class RecallStartDto {
  @ApiProperty({ enum: ['started', 'cohort-empty', 'not-applicable'] }) status: RecallStart['status'];
  @ApiProperty({ description: 'Staff recalled by this request (a message each, except those coalesced)' }) cohortSize: number;
  @ApiProperty({
    description:
      'Of cohortSize, recalled for another incident of the trust within RECALL_COALESCE_MINUTES and still standing: no second message; their first one (and any answer) counts here — see carriedFromIncidentId in the roll-call',
  })
  coalesced: number;
  @ApiProperty({ enum: ['NO_WALKOUT_IN_PROGRESS', 'COHORT_EMPTY', 'NOT_A_MAJOR_INCIDENT', 'NOT_DECLARED'], nullable: true, type: String }) reason: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ type: [String], format: 'uuid' }) walkoutIds: string[];
  @ApiProperty({ type: [RecallExclusionCountDto], description: 'Striking staff not recalled, by reason (e.g. NO_CONTACT: the people to phone)' }) excluded: RecallExclusionCountDto[];
  @ApiProperty({ nullable: true, type: Number }) attendingTarget: number | null;
  @ApiProperty({ nullable: true, type: String }) firstEscalationCheckAt: string | null;
}

export class StandDownResultDto {
  @ApiProperty({ description: 'Stand-down messages queued' }) told: number;
  @ApiProperty({ description: 'Recall and reminder messages withdrawn before they were sent' }) withdrawn: number;
}

export class MajorIncidentChangeResponseDto extends MajorIncidentResponseDto {
  @ApiProperty({ type: RecallStartDto, nullable: true, description: 'Set when this request declared the incident' }) recall: RecallStartDto | null;
  @ApiProperty({ type: StandDownResultDto, nullable: true, description: 'Set when this request ended a declared incident' }) standDown: StandDownResultDto | null;
}

export class PageOfMajorIncidentsDto {
  @ApiProperty({ type: [MajorIncidentResponseDto] }) items: MajorIncidentResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function toMajorIncidentResponse(incident: IncidentView): MajorIncidentResponseDto {
  return {
    id: incident.id,
    trustId: incident.trustId,
    level: incident.level,
    state: incident.state,
    allowedActions: incident.allowedActions,
    description: incident.description,
    siteIds: incident.siteIds,
    departmentIds: incident.departmentIds,
    methane: incident.methane ? toMethane(incident.methane) : null,
    attendingTarget: incident.attendingTarget,
    escalateAfterSeconds: incident.escalateAfterSeconds,
    maxEscalationRounds: incident.maxEscalationRounds,
    wideningStage: incident.wideningStage,
    escalationRound: incident.lastCompletedRound,
    nextEscalationAt: iso(incident.nextEscalationAt),
    escalationEndedReason: incident.escalationEndedReason,
    recalled: incident.recalledCount,
    createdBy: incident.createdBy,
    createdAt: incident.createdAt.toISOString(),
    declaredAt: iso(incident.declaredAt),
    declaredBy: incident.declaredBy,
    endedAt: iso(incident.endedAt),
    endedBy: incident.endedBy,
    drill: incident.drill,
    needs: incident.needs.map((n) => ({ id: n.id, grade: n.grade, specialty: n.specialty, siteId: n.siteId, wanted: n.wanted, stage: n.stage, filledAt: iso(n.filledAt) })),
  };
}

function toMethane(methane: Methane): MethaneResponseDto {
  return {
    majorIncident: methane.majorIncident,
    exactLocation: methane.exactLocation,
    typeOfIncident: methane.typeOfIncident,
    hazards: methane.hazards,
    access: methane.access,
    numberOfCasualties: methane.numberOfCasualties,
    emergencyServices: methane.emergencyServices,
  };
}

export function toRecallStartResponse(recall: RecallStart): RecallStartDto {
  return {
    status: recall.status,
    cohortSize: recall.cohortSize,
    coalesced: recall.coalesced,
    reason: recall.reason,
    message: recall.message,
    walkoutIds: recall.walkoutIds,
    excluded: Object.entries(recall.excluded).map(([reason, count]) => ({ reason, count: count ?? 0 })),
    attendingTarget: recall.attendingTarget,
    firstEscalationCheckAt: iso(recall.firstEscalationCheckAt),
  };
}

export function toMajorIncidentChangeResponse(change: IncidentChange): MajorIncidentChangeResponseDto {
  return {
    ...toMajorIncidentResponse(change.incident),
    recall: change.recall ? toRecallStartResponse(change.recall) : null,
    standDown: change.standDown ? { told: change.standDown.told, withdrawn: change.standDown.withdrawn } : null,
  };
}

export function toMethaneCommand(dto: MethaneDto | undefined): Methane | null {
  return dto ? toMethane(dto) : null;
}
