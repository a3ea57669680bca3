import { IsInstantWithOffset } from '@app/core';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CoverRequirementRecord } from './cover-requirement.repository';

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
