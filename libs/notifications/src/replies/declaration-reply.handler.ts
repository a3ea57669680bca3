import type { UnitOfWork } from '@app/core';
import { DeclarationService } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { MatchedReply, ReplyHandler, ReplyOutcome } from './reply-handler';
import { ReplyHandlers } from './reply-handlers';

/**
 * Replies by text to the evening-before declaration requests (docs/domain.md, "Daily declarations"):
 * YES or NO becomes that day's participation, as the link would. It lives here rather than in walkouts
 * because walkouts cannot import notifications (notifications imports walkouts for the declarations'
 * outbox). Anything else stays with the received text for a person to read, never guessed at.
 */
@Injectable()
export class DeclarationReplyHandler implements ReplyHandler, OnModuleInit {
  readonly sourceType = 'participation-declaration' as const;

  constructor(
    private readonly handlers: ReplyHandlers,
    private readonly declarations: DeclarationService,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async handle(tx: UnitOfWork, reply: MatchedReply): Promise<ReplyOutcome> {
    const outcome = await this.declarations.answerByTextReply(tx, reply.sourceId, reply.content);
    return outcome.status === 'recorded' ? { outcome: 'answered' } : { outcome: 'unmatched', reason: outcome.status };
  }
}
