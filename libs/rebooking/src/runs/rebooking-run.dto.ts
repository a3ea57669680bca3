import { PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { UNPLACED_REASONS } from '../engine/engine.types';
import { DEFAULT_REBOOKING_HORIZON_DAYS, MAX_REBOOKING_HORIZON_DAYS, REBOOKING_RUN_STATUSES, RebookingRunStatus } from '../rebooking.constants';
import { RebookingRunRecord } from './rebooking-run.repository';

/** What became of a run's offers so far (docs/domain.md "Choice and holds"). */
export class RebookingRunAnswersDto {
  @ApiProperty({ description: 'The booked (best) date confirmed' }) accepted: number;
  @ApiProperty({ description: 'One of the held alternatives chosen instead' }) choseAlternative: number;
  @ApiProperty({ description: 'Every date declined (the patient waits for the next run)' }) declined: number;
  @ApiProperty({ description: 'Asked to be called, and not answered otherwise since' }) askedToBeCalled: number;
  @ApiProperty({ description: 'No answer before the hold ran out (the alternatives were released; the best date stays booked)' }) expired: number;
  @ApiProperty({ description: 'No answer yet, the hold still running' }) awaiting: number;
}

export class RebookingRunRequestDto {
  @ApiPropertyOptional({ default: true, description: "Only the patient's own site; false also offers other sites of the trust" })
  @IsOptional()
  @IsBoolean()
  sameSiteOnly?: boolean;

  @ApiPropertyOptional({ default: DEFAULT_REBOOKING_HORIZON_DAYS, minimum: 1, maximum: MAX_REBOOKING_HORIZON_DAYS, description: 'Latest new date, in days after the walkout ends' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REBOOKING_HORIZON_DAYS)
  horizonDays?: number;
}

export class RebookingRunAcceptedDto {
  @ApiProperty({ format: 'uuid' }) runId: string;
}

export class RebookingRunResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) walkoutId: string;
  @ApiProperty({ enum: REBOOKING_RUN_STATUSES }) status: RebookingRunStatus;
  @ApiProperty({ description: 'Percent done, 0–100' }) progress: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Appointments waiting for a date when the run started' }) considered: number | null;
  @ApiProperty({ nullable: true, type: Number }) placed: number | null;
  @ApiProperty({ nullable: true, type: Number }) unplaced: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Placed more than 28 days after the walkout' }) breaches28Day: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Placed within 14 days of the walkout' }) within14Days: number | null;
  @ApiProperty({ nullable: true, description: `Unplaced by reason: ${UNPLACED_REASONS.join(', ')}, SLOT_TAKEN_CONCURRENTLY`, type: Object }) unplacedByReason: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Alternative dates held beside the offers’ booked ones (up to two per offer)' }) alternativesHeld: number | null;
  @ApiProperty({ type: RebookingRunAnswersDto, description: 'Answers to the run’s offers, counted at the time of the request' }) answers: RebookingRunAnswersDto;
  @ApiProperty() sameSiteOnly: boolean;
  @ApiProperty() horizonDays: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
}

export function toRebookingRunResponse(run: RebookingRunRecord): RebookingRunResponseDto {
  return {
    id: run.id,
    walkoutId: run.walkoutId,
    status: run.status,
    progress: run.progress,
    considered: run.considered,
    placed: run.placed,
    unplaced: run.unplaced,
    breaches28Day: run.breaches28Day,
    within14Days: run.within14Days,
    unplacedByReason: run.unplacedByReason,
    alternativesHeld: run.alternativesHeld,
    answers: {
      accepted: run.answers.accepted,
      choseAlternative: run.answers['chose-alternative'],
      declined: run.answers.declined,
      askedToBeCalled: run.answers['asked-to-be-called'],
      expired: run.answers.expired,
      awaiting: run.answers.awaiting,
    },
    sameSiteOnly: run.sameSiteOnly,
    horizonDays: run.horizonDays,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    failureReason: run.failureReason,
  };
}

export class RebookingRunListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REBOOKING_RUN_STATUSES }) @IsOptional() @IsIn(REBOOKING_RUN_STATUSES) status?: RebookingRunStatus;
}

export class PageOfRebookingRunsDto {
  @ApiProperty({ type: [RebookingRunResponseDto], description: 'Newest first' }) items: RebookingRunResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
