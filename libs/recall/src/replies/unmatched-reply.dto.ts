import { ApiProperty } from '@nestjs/swagger';
import { UNMATCHED_REPLY_REASONS, UnmatchedReplyRecord } from './unmatched-reply.repository';

export class UnmatchedReplyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-01-12T08:01:02.000Z', description: 'When Notify received it' }) receivedAt: string;
  @ApiProperty({ example: '447700900123', description: 'Who sent it, as Notify gives it (to call back)' }) fromNumber: string;
  @ApiProperty({ example: 'coming but stuck on the M25, maybe an hour' }) text: string;
  @ApiProperty({
    enum: UNMATCHED_REPLY_REASONS,
    description: 'unparseable: not a clear YES (with minutes) or NO; recall-closed: it answers a recall that has ended; unknown-number: from a number no recall went to',
  })
  reason: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The recall it replies to (null for an unknown number)' }) recallId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The staff member that recall went to' }) staffId: string | null;
}

export class PageOfUnmatchedRepliesDto {
  @ApiProperty({ type: [UnmatchedReplyDto] }) items: UnmatchedReplyDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toUnmatchedReplyResponse(record: UnmatchedReplyRecord): UnmatchedReplyDto {
  return { id: record.id, receivedAt: record.receivedAt.toISOString(), fromNumber: record.fromNumber, text: record.content, reason: record.reason, recallId: record.recallId, staffId: record.staffId };
}
