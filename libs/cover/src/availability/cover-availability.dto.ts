import { IsInstantWithOffset, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AvailabilityView } from './cover-availability.service';

export class CreateAvailabilityDto {
  @ApiProperty({ example: 'C1001' }) @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' }) staffNumber: string;
  @ApiProperty({ example: '2026-01-12T07:00:00+00:00' }) @IsInstantWithOffset() startsAt: string;
  @ApiProperty({ example: '2026-01-13T07:00:00+00:00', description: 'at most 31 days after startsAt' }) @IsInstantWithOffset() endsAt: string;
  @ApiPropertyOptional({ description: 'how the consultant said so (e.g. "by email to the rota team, 3 Jan")' }) @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class AvailabilityListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' }) staffNumber?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' }) @IsOptional() @IsIn(['true', 'false']) includeWithdrawn?: 'true' | 'false';
}

export class AvailabilityResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) withdrawnAt: string | null;
}

export class PageOfAvailabilityDto {
  @ApiProperty({ type: [AvailabilityResponseDto] }) items: AvailabilityResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toAvailabilityResponse(record: AvailabilityView): AvailabilityResponseDto {
  return {
    id: record.id,
    staffNumber: record.staffNumber,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    note: record.note,
    createdAt: record.createdAt.toISOString(),
    withdrawnAt: record.withdrawnAt?.toISOString() ?? null,
  };
}
