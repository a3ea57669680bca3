import { Clock, CommonError, hashLinkToken, looksLikeLinkToken, Transactions } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { RecallAnswers } from '../recall/recall-answers';
import type { LinkBodySource } from '@app/web';
import { parseRecallAnswer } from './recall-answer';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallLinkRecord, RecallRepository } from '../recall/recall.repository';

export interface RecallLinkView {
  reason: 'major-incident' | 'derogation';
  trustName: string;
  givenName: string;
  description: string | null;
  sites: string[];
  exactLocation: string | null;
  access: string | null;
  /** A drill: the page says it is an exercise, first. */
  exercise: boolean;
  answer: { attending: boolean; etaMinutes: number | null; respondedAt: Date } | null;
}

/**
 * The staff side of a recall, reached by the link in the message (no login: the token is the proof).
 * An unknown token and the token of a recall that has ended look the same: not found.
 */
@Injectable()
export class RecallLinkService {
  private readonly logger = new Logger('RecallLinks');

  constructor(
    private readonly transactions: Transactions,
    private readonly recalls: RecallRepository,
    private readonly answers: RecallAnswers,
    private readonly clock: Clock,
  ) {}

  async view(token: string): Promise<RecallLinkView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    const link = await this.recalls.findLink(hashLinkToken(token));
    if (!link || !link.open) throw notFound();
    return toView(link);
  }

  /** Records the answer (RecallAnswers: replaces an earlier one, stops the reminders, audits) in one transaction. */
  async respond(token: string, body: unknown, source: LinkBodySource): Promise<RecallLinkView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    // The link is checked before the body, so a stale link says "not found" whatever was sent.
    const existing = await this.recalls.findLink(hashLinkToken(token));
    if (!existing || !existing.open) throw notFound();
    const parsed = parseRecallAnswer(body, source);
    if (!parsed.ok) throw CommonError.validation(parsed.details, 'The answer is not valid');
    const answer = parsed.value;
    const now = this.clock.now();

    const link = await this.transactions.run(async (tx) => {
      // Fill count: the need's row first, then the recall row (the order every writer keeps), so two
      // answers for a need's last place are counted one after the other.
      await this.answers.lockNeedOf(tx, existing.trustId, existing.needId);
      const locked = await this.recalls.lockLink(tx, hashLinkToken(token));
      if (!locked || !locked.open) return null;
      return this.answers.record(tx, locked, answer, now, { via: 'link' });
    });
    if (!link) throw notFound();
    this.logger.log({ msg: 'recall answered', trustId: link.trustId, recallId: link.recallId, attending: answer.attending });
    return toView(link);
  }
}

function toView(link: RecallLinkRecord): RecallLinkView {
  return {
    reason: link.reason.kind === 'incident' ? 'major-incident' : 'derogation',
    trustName: link.trustName,
    givenName: link.givenName,
    description: link.description,
    sites: link.siteNames,
    exactLocation: link.methane?.exactLocation ?? null,
    access: link.methane?.access ?? null,
    exercise: link.drill,
    answer: link.attending === null ? null : { attending: link.attending, etaMinutes: link.etaMinutes, respondedAt: link.respondedAt! },
  };
}

function notFound(): RecallError {
  return new RecallError(RecallErrorCode.RecallLinkNotFound, 'This recall link is not active: it is unknown, or the recall has been stood down');
}
