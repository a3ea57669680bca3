import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

export const LONDON_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DayParticipationDto {
  @ApiProperty({ example: '2026-01-12', description: 'the London date this walkout day begins on' }) date: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'answers for this day: the day’s own, else the whole-walkout one' }) yes: number;
  @ApiProperty() no: number;
  @ApiProperty() unknown: number;
  @ApiProperty({ description: 'declaration requests sent for this day (the evening before)' }) declarationsSent: number;
  @ApiProperty({ description: 'of those, answered by link or text reply' }) declarationsAnswered: number;
}

export class ParticipationDaysDto {
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ type: [DayParticipationDto] }) days: DayParticipationDto[];
}

export class ActivityCancellationItemDto {
  @ApiProperty({ example: '2026-01-12', description: 'a day of the walkout (the London date it begins on)' })
  @Matches(LONDON_DATE, { message: 'must be a date YYYY-MM-DD' })
  day: string;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'community service contacts cancelled that day; null or absent: not recorded' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  community?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'mental-health service contacts cancelled that day; null or absent: not recorded' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  mentalHealth?: number | null;
}

export class ActivityCancellationsDto {
  @ApiProperty({ type: [ActivityCancellationItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(31)
  @ValidateNested({ each: true })
  @Type(() => ActivityCancellationItemDto)
  items: ActivityCancellationItemDto[];
}

export class ActivityCancellationDayDto {
  @ApiProperty({ example: '2026-01-12' }) day: string;
  @ApiProperty({ nullable: true, type: Number }) community: number | null;
  @ApiProperty({ nullable: true, type: Number }) mentalHealth: number | null;
}

export class ActivityCancellationsResponseDto {
  @ApiProperty({ type: [ActivityCancellationDayDto] }) items: ActivityCancellationDayDto[];
}
