import { Clock, UnitOfWork } from '@app/core';
import { MatchedReply, ReplyHandler, ReplyHandlers, ReplyOutcome, UnattributedReply } from '@app/notifications';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { parseRecallReply } from '../engine/recall-reply';
import { RecallAnswers } from '../recall/recall-answers';
import { RecallRepository } from '../recall/recall.repository';
import { UnmatchedReplyReason, UnmatchedReplyRepository } from './unmatched-reply.repository';

/**
 * Replies to recall texts (docs/domain.md "Replies by text"): `YES 20`, `Y 20 mins`, `no`, `can't`…
 * read by parseRecallReply and recorded exactly as an answer through the recall's link (RecallAnswers).
 * What cannot be read, or answers a recall that has ended, goes on the incident's unmatched-replies list
 * for the control room instead: never guessed at, never lost.
 */
@Injectable()
export class RecallReplyHandler implements ReplyHandler, OnModuleInit {
  readonly sourceType = 'recall' as const;
  private readonly logger = new Logger('RecallReplies');

  constructor(
    private readonly handlers: ReplyHandlers,
    private readonly recalls: RecallRepository,
    private readonly answers: RecallAnswers,
    private readonly unmatched: UnmatchedReplyRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async handle(tx: UnitOfWork, reply: MatchedReply): Promise<ReplyOutcome> {
    // A fill-count recall's need is locked first, as a link answer does (RecallAnswers.lockNeedOf).
    await this.answers.lockNeedOf(tx, reply.trustId, await this.recalls.needOfRecall(tx, reply.trustId, reply.sourceId));
    const locked = await this.recalls.lockRecall(tx, reply.trustId, reply.sourceId);
    // A recall text always has a link; without one there is no incident to list it on (it stays in received texts).
    if (!locked) return { outcome: 'unmatched', reason: 'recall-not-found' };
    const keep = async (why: UnmatchedReplyReason): Promise<ReplyOutcome> => {
      await this.unmatched.add(tx, [{ trustId: reply.trustId, reason: locked.reason, recallId: locked.recallId, staffId: locked.staffId, receivedTextId: reply.receivedTextId, fromNumber: reply.fromNumber, content: reply.content, receivedAt: reply.receivedAt, why }]);
      return { outcome: 'unmatched', reason: why };
    };
    if (!locked.open) return keep('recall-closed');
    const parsed = parseRecallReply(reply.content);
    if (parsed.kind === 'unparseable') return keep('unparseable');
    const answer = { attending: parsed.attending, etaMinutes: parsed.attending ? (parsed.etaMinutes ?? null) : null };
    await this.answers.record(tx, locked, answer, this.clock.now(), { via: 'sms', receivedTextId: reply.receivedTextId, notifyMessageId: reply.providerId });
    this.logger.log({ msg: 'recall answered by text', trustId: reply.trustId, recallId: locked.recallId, attending: answer.attending });
    return { outcome: 'answered' };
  }

  /** A text to the trust's number from a number no recall went to: shown on every incident still declared. */
  async unattributed(tx: UnitOfWork, reply: UnattributedReply): Promise<boolean> {
    const incidents = await this.unmatched.declaredIncidentIds(tx, reply.trustId);
    await this.unmatched.add(
      tx,
      incidents.map((id) => ({ trustId: reply.trustId, reason: { kind: 'incident' as const, id }, recallId: null, staffId: null, receivedTextId: reply.receivedTextId, fromNumber: reply.fromNumber, content: reply.content, receivedAt: reply.receivedAt, why: 'unknown-number' as const })),
    );
    return incidents.length > 0;
  }
}
