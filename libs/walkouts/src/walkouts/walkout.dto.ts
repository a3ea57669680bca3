import { IsInstantWithOffset, PageQueryDto } from '@app/core';
import { STAFF_GRADES } from '@app/organisations';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { WalkoutView } from './walkout.service';
import { PARTICIPATION_ANSWERS, ParticipationAnswer, WALKOUT_MODES, WALKOUT_STATUSES, WALKOUT_WARNING_CODES, WalkoutMode, WalkoutStatus } from '../engine/walkout-rules';

export class RecordWalkoutDto {
  @ApiProperty({ example: 'BMA' })
  @IsString()
  @Length(1, 100)
  union: string;

  @ApiProperty({ enum: STAFF_GRADES, isArray: true, example: ['resident-doctor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_GRADES, { each: true })
  staffGroups: string[];

  @ApiProperty({ enum: WALKOUT_MODES })
  @IsIn(WALKOUT_MODES)
  mode: WalkoutMode;

  @ApiProperty({ example: '2026-01-12T08:00:00+00:00', description: 'ISO 8601 with offset (Europe/London wall clock)' })
  @IsInstantWithOffset()
  startsAt: string;

  @ApiProperty({ example: '2026-01-14T08:00:00+00:00' })
  @IsInstantWithOffset()
  endsAt: string;

  @ApiPropertyOptional({ description: 'When the union notice arrived; absent: unknown (recorded with a NOTICE_DATE_UNKNOWN warning)' })
  @IsOptional()
  @IsInstantWithOffset()
  noticeReceivedAt?: string;

  @ApiPropertyOptional({ type: [String], description: 'Sites affected; empty or absent means every site of the trust', format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  siteIds?: string[];
}

export class ChangeWalkoutDto {
  @ApiPropertyOptional({ example: '2026-01-12T07:00:00+00:00', description: 'ISO 8601 with offset (Europe/London wall clock)' })
  @IsOptional()
  @IsInstantWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-01-14T07:00:00+00:00' })
  @IsOptional()
  @IsInstantWithOffset()
  endsAt?: string;

  @ApiPropertyOptional({ enum: STAFF_GRADES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_GRADES, { each: true })
  staffGroups?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Replaces the sites; an empty list means every site of the trust', format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  siteIds?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the union notice arrived; null: unknown' })
  @IsOptional()
  @IsInstantWithOffset()
  noticeReceivedAt?: string | null;
}

export class WalkoutListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WALKOUT_STATUSES }) @IsOptional() @IsIn(WALKOUT_STATUSES) status?: WalkoutStatus;
  @ApiPropertyOptional({ description: 'walkouts still running at or after this instant' }) @IsOptional() @IsInstantWithOffset() from?: string;
  @ApiPropertyOptional({ description: 'walkouts starting before this instant' }) @IsOptional() @IsInstantWithOffset() to?: string;
}

export class CallOffDto {
  @ApiProperty({ example: 'Union suspended action after talks' })
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class ParticipationItemDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' }) staffNumber: string;
  @ApiProperty({ enum: PARTICIPATION_ANSWERS }) @IsIn(PARTICIPATION_ANSWERS) intendsToStrike: ParticipationAnswer;
  @ApiPropertyOptional({
    example: '2026-01-12',
    description: 'A day of the walkout (the London date it begins on): the answer is for that day only. Absent: for the whole walkout, which applies to every day without an answer of its own',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  day?: string;
}

export class ParticipationDto {
  @ApiProperty({ type: [ParticipationItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => ParticipationItemDto)
  items: ParticipationItemDto[];
}

export class ParticipationSummaryDto {
  @ApiProperty() yes: number;
  @ApiProperty() no: number;
  @ApiProperty() unknown: number;
}

export class WalkoutWarningDto {
  @ApiProperty({ enum: WALKOUT_WARNING_CODES }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ format: 'uuid' }) walkoutId?: string;
  @ApiPropertyOptional({ description: 'How many records the warning is about (warnings in the answer to an edit)' }) count?: number;
}

export class WalkoutResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty() union: string;
  @ApiProperty({ type: [String] }) staffGroups: string[];
  @ApiProperty({ enum: WALKOUT_MODES }) mode: WalkoutMode;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: the notice date is unknown' }) noticeReceivedAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole London days from the notice to the start; null when the notice date is unknown' }) noticeDays: number | null;
  @ApiProperty({ enum: WALKOUT_STATUSES }) status: WalkoutStatus;
  @ApiProperty({ type: [String], description: 'empty: every site of the trust', format: 'uuid' }) siteIds: string[];
  @ApiProperty({ nullable: true, type: String }) calledOffAt: string | null;
  @ApiProperty({ nullable: true, type: String }) callOffReason: string | null;
  @ApiProperty({ type: [WalkoutWarningDto] }) warnings: WalkoutWarningDto[];
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: ParticipationSummaryDto }) participation?: ParticipationSummaryDto;
}

export function toWalkoutResponse(walkout: WalkoutView, participation?: ParticipationSummaryDto): WalkoutResponseDto {
  return {
    id: walkout.id,
    trustId: walkout.trustId,
    union: walkout.unionName,
    staffGroups: walkout.staffGroups,
    mode: walkout.mode,
    startsAt: walkout.startsAt.toISOString(),
    endsAt: walkout.endsAt.toISOString(),
    noticeReceivedAt: walkout.noticeReceivedAt?.toISOString() ?? null,
    noticeDays: walkout.noticeDays,
    status: walkout.status,
    siteIds: walkout.siteIds,
    calledOffAt: walkout.calledOffAt?.toISOString() ?? null,
    callOffReason: walkout.callOffReason,
    warnings: walkout.warnings,
    createdAt: walkout.createdAt.toISOString(),
    ...(participation ? { participation } : {}),
  };
}

export class PageOfWalkoutsDto {
  @ApiProperty({ type: [WalkoutResponseDto] }) items: WalkoutResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
