import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Sitrep } from './sitrep.service';
import { WorkforceDay, WorkforceGroupDay, WorkforceSitrep } from '../engine/workforce-sitrep';

export const SITREP_FORMATS = ['json', 'csv'] as const;
export type SitrepFormat = (typeof SITREP_FORMATS)[number];

export class SitrepQueryDto {
  @ApiPropertyOptional({ enum: SITREP_FORMATS, default: 'json', description: 'csv: one long-format table (trust_ods_code, walkout_id, section, day, category, measure, value)' })
  @IsOptional()
  @IsIn(SITREP_FORMATS)
  format?: SitrepFormat;
}

export class WorkforceFiguresDto {
  @ApiProperty() dueAtWork: number;
  @ApiProperty() takingPart: number;
  @ApiProperty({ description: 'answered no' }) notTakingPart: number;
  @ApiProperty({ description: 'answered unknown, or never asked' }) unknown: number;
  @ApiProperty({ nullable: true, type: Number, description: 'takingPart / dueAtWork, one decimal' }) percentTakingPart: number | null;
}

export class WorkforceGroupDayDto extends WorkforceFiguresDto {
  @ApiProperty({ example: 'resident-doctor' }) staffGroup: string;
}

export class WorkforceDayDto {
  @ApiProperty({ example: '2026-01-12', description: 'Europe/London date this walkout day begins on' }) date: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ example: '2026-01-13', description: 'NHS England collects the day’s figures one day in arrears: on this London date' }) reportDueOn: string;
  @ApiProperty({ description: 'the day had ended when the sitrep was made: these are the figures to submit' }) complete: boolean;
  @ApiProperty({ description: 'called off before this day began: nobody is out' }) calledOff: boolean;
  @ApiProperty({ type: [WorkforceGroupDayDto] }) groups: WorkforceGroupDayDto[];
  @ApiProperty({ type: WorkforceFiguresDto }) totals: WorkforceFiguresDto;
}

export class WorkforceSitrepDto {
  @ApiProperty({ type: [String], example: ['resident-doctor'], description: 'the staff groups the walkout names: the only ones counted (others are neither due at work for it nor unknown)' })
  staffGroups: string[];
  @ApiProperty({ type: [WorkforceDayDto] }) days: WorkforceDayDto[];
}

/** Sections other libs register appear as further properties beside `workforce`. */
export class SitrepResponseDto {
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: WorkforceSitrepDto }) workforce: WorkforceSitrepDto;
  [section: string]: unknown;
}

const toGroupDay = (group: WorkforceGroupDay): WorkforceGroupDayDto => ({ ...group });

export function toWorkforceSitrepResponse(sitrep: WorkforceSitrep): WorkforceSitrepDto {
  return {
    staffGroups: sitrep.staffGroups,
    days: sitrep.days.map((day: WorkforceDay) => ({
      date: day.date,
      from: day.from.toISOString(),
      to: day.to.toISOString(),
      reportDueOn: day.reportDueOn,
      complete: day.complete,
      calledOff: day.calledOff,
      groups: day.groups.map(toGroupDay),
      totals: { ...day.totals },
    })),
  };
}

/** Each section's JSON is already a response shape, except workforce's dates, which go out in UTC `Z`. */
export function toSitrepResponse(sitrep: Sitrep): SitrepResponseDto {
  const response: SitrepResponseDto = {
    trustId: sitrep.walkout.trustId,
    walkoutId: sitrep.walkout.id,
    generatedAt: sitrep.generatedAt.toISOString(),
    workforce: { staffGroups: [], days: [] },
  };
  for (const section of sitrep.sections) {
    response[section.key] = section.key === 'workforce' ? toWorkforceSitrepResponse(section.json as WorkforceSitrep) : section.json;
  }
  return response;
}
