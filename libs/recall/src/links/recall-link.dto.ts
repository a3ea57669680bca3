import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RecallLinkView } from './recall-link.service';

/**
 * For the OpenAPI document only: the answer is parsed by parseRecallAnswer (links/recall-answer.ts),
 * because it arrives as JSON or as a browser form and the two are read differently.
 */
export class RecallAnswerDto {
  @ApiProperty() attending: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 600, nullable: true, type: Number, description: 'Minutes until arrival; only when attending' }) etaMinutes?: number | null;
}

export class RecallAnswerResponseDto {
  @ApiProperty() attending: boolean;
  @ApiProperty({ nullable: true, type: Number }) etaMinutes: number | null;
  @ApiProperty() respondedAt: string;
}

export function toRecallAnswerResponse(view: RecallLinkView): RecallAnswerResponseDto {
  const answer = view.answer!;
  return { attending: answer.attending, etaMinutes: answer.etaMinutes, respondedAt: answer.respondedAt.toISOString() };
}
