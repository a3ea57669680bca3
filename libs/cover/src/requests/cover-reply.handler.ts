import type { UnitOfWork } from '@app/core';
import { MatchedReply, ReplyHandler, ReplyHandlers, ReplyOutcome } from '@app/notifications';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { CoverRequestService } from './cover-request.service';

/**
 * Replies by text to cover request messages (docs/domain.md, "Consent"): YES or NO answers every shift
 * the request still asks, as the link would. Anything else stays with the received text for a person to
 * read (notifications keeps it as unmatched), never guessed at.
 */
@Injectable()
export class CoverReplyHandler implements ReplyHandler, OnModuleInit {
  readonly sourceType = 'cover-request' as const;

  constructor(
    private readonly handlers: ReplyHandlers,
    private readonly requests: CoverRequestService,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async handle(tx: UnitOfWork, reply: MatchedReply): Promise<ReplyOutcome> {
    if (reply.recipient.type !== 'staff') return { outcome: 'unmatched', reason: 'not-a-staff-message' };
    const outcome = await this.requests.answerByTextReply(tx, { trustId: reply.trustId, staffId: reply.recipient.id, text: reply.content, requestId: reply.sourceId });
    return outcome.matched ? { outcome: 'answered' } : { outcome: 'unmatched', reason: outcome.reason };
  }
}
