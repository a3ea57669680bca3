import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class NationalSitrepQueryDto {
  @ApiPropertyOptional({ example: '2026-01-12', description: 'the London date of the walkout day; default yesterday (NHS England collects one day in arrears)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  date?: string;
}

export class DailyActivityFiguresDto {
  @ApiProperty() electiveInpatient: number;
  @ApiProperty() electiveDayCase: number;
  @ApiProperty() outpatient: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: not recorded by the trust' }) community: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: not recorded by the trust' }) mentalHealth: number | null;
}

export class RescheduledActivityDayDto extends DailyActivityFiguresDto {
  @ApiProperty({ example: '2026-01-12' }) date: string;
  @ApiProperty({ type: DailyActivityFiguresDto, description: 'from the walkout’s first day to this one' }) cumulative: DailyActivityFiguresDto;
}

export class NationalActivityRowDto extends RescheduledActivityDayDto {
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty() odsCode: string;
  @ApiProperty() trustName: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
}

export class NationalRescheduledActivityDto {
  @ApiProperty({ example: '2026-01-12' }) date: string;
  @ApiProperty({ type: [NationalActivityRowDto] }) trusts: NationalActivityRowDto[];
  @ApiProperty({ type: DailyActivityFiguresDto }) total: DailyActivityFiguresDto;
  @ApiProperty({ type: DailyActivityFiguresDto }) totalCumulative: DailyActivityFiguresDto;
}
