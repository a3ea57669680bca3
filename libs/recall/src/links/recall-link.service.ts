import { Clock, CommonError, hashLinkToken, looksLikeLinkToken, Transactions, UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { Injectable, Logger } from '@nestjs/common';
import { IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { parseRecallAnswer, RecallAnswerSource } from './recall-answer';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallLinkRecord, RecallRepository } from '../recall/recall.repository';
import { MajorIncidentRepository } from '../incidents/major-incident.repository';
import { RecallService } from '../recall/recall.service';

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
    private readonly audit: IncidentAuditRepository,
    private readonly outbox: NotificationOutbox,
    private readonly incidents: MajorIncidentRepository,
    private readonly recall: RecallService,
    private readonly clock: Clock,
  ) {}

  async view(token: string): Promise<RecallLinkView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    const link = await this.recalls.findLink(hashLinkToken(token));
    if (!link || !link.open) throw notFound();
    return toView(link);
  }

  /**
   * Records the answer (replacing an earlier one) and withdraws this person's reminders not yet sent —
   * once someone has answered we stop messaging them — in one transaction.
   */
  async respond(token: string, body: unknown, source: RecallAnswerSource): Promise<RecallLinkView> {
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
      if (existing.needId) await this.incidents.lockNeeds(tx, existing.trustId, [existing.needId]);
      const locked = await this.recalls.lockLink(tx, hashLinkToken(token));
      if (!locked || !locked.open) return null;
      const answered = await this.recalls.recordAnswer(tx, locked.trustId, locked.recallId, answer, now);
      const withdrawn = await this.outbox.cancelUnsent(tx, locked.trustId, { subjectIds: answered.map((a) => a.reason.id), staffIds: [locked.staffId], purposes: ['recall-reminder'] });
      // Each incident the answer counts for has it in its own audit log.
      await this.audit.append(
        tx,
        locked.trustId,
        answered.map(({ recallId, reason }) => ({
          subject: reason,
          at: now,
          actor: { type: 'staff' as const, staffId: locked.staffId },
          action: 'recall-response' as const,
          details: {
            recallId,
            attending: answer.attending,
            etaMinutes: answer.etaMinutes,
            previous: locked.attending === null ? null : { attending: locked.attending, etaMinutes: locked.etaMinutes },
            withdrawnMessages: withdrawn.filter((message) => message.subjectId === reason.id).length,
            ...(recallId === locked.recallId ? {} : { viaRecallId: locked.recallId }),
          },
        })),
      );
      if (locked.needId) await this.afterNeedAnswer(tx, locked.trustId, locked.needId, now);
      return { ...locked, attending: answer.attending, etaMinutes: answer.etaMinutes, respondedAt: now };
    });
    if (!link) throw notFound();
    this.logger.log({ msg: 'recall answered', trustId: link.trustId, recallId: link.recallId, attending: answer.attending });
    return toView(link);
  }

  /**
   * An answer for a fill-count need (the need row locked by the caller): when it makes the need's
   * number, the need is filled and its group told to stand by (RecallService.fillNeed), and the audit says so.
   */
  async afterNeedAnswer(tx: UnitOfWork, trustId: string, needId: string, now: Date): Promise<void> {
    const filled = await this.recall.fillNeed(tx, trustId, needId, now);
    if (!filled.filled || !filled.incidentId) return;
    await this.audit.append(tx, trustId, [
      { subject: { kind: 'incident', id: filled.incidentId }, at: now, actor: { type: 'system' }, action: 'need-filled', details: { needId, toldToStandBy: filled.toldToStandBy, withdrawn: filled.withdrawn } },
    ]);
    this.logger.log({ msg: 'recall need filled', trustId, incidentId: filled.incidentId, needId, toldToStandBy: filled.toldToStandBy });
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
