import { IsInstantWithOffset } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CallInRecord } from './cover-call-in.repository';

export class CreateCallInDto {
  @ApiProperty({ example: '2026-01-12T23:30:00+00:00', description: 'when the consultant started work on site (or remotely), within the on-call period' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-01-13T02:00:00+00:00' }) @IsInstantWithOffset() endsAt: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class CallInResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: [String], description: 'working-time limits this call-in broke (recorded, not refused: it happened)' }) exceededLimits: string[];
  @ApiProperty({ description: 'compensatory rest owed for the rest and weekly limits it broke' }) compensatoryRestMinutes: number;
  @ApiProperty() createdAt: string;
}

export class CallInListDto {
  @ApiProperty({ type: [CallInResponseDto] }) items: CallInResponseDto[];
}

export function toCallInResponse(record: CallInRecord): CallInResponseDto {
  return {
    id: record.id,
    assignmentId: record.assignmentId,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    note: record.note,
    exceededLimits: record.exceededLimits,
    compensatoryRestMinutes: record.compensatoryRestMinutes,
    createdAt: record.createdAt.toISOString(),
  };
}
