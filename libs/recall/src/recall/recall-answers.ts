import { UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { Injectable, Logger } from '@nestjs/common';
import { IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { RecallAnswer } from '../links/recall-answer';
import { MajorIncidentRepository } from '../incidents/major-incident.repository';
import { RecallLinkRecord, RecallRepository } from './recall.repository';
import { RecallService } from './recall.service';

/** How an answer came: through the recall link, or as a reply to the recall text (two-way SMS). */
export type AnswerChannel = { via: 'link' } | { via: 'sms'; receivedTextId: string; notifyMessageId: string };

/**
 * Recording a staff member's answer, the same whichever way it came (docs/domain.md "Replies by text"):
 * the answer replaces an earlier one on every recall it counts for, this person's reminders not yet sent
 * are withdrawn (once someone has answered we stop messaging them), and each incident's audit log has
 * it; an answer that makes a fill-count need's number fills it and tells the rest of its group to stand by.
 * Runs in the caller's transaction, on the recall row it has locked (after `lockNeedOf`, for a need's recall).
 */
@Injectable()
export class RecallAnswers {
  private readonly logger = new Logger('RecallAnswers');

  constructor(
    private readonly recalls: RecallRepository,
    private readonly incidents: MajorIncidentRepository,
    private readonly recall: RecallService,
    private readonly audit: IncidentAuditRepository,
    private readonly outbox: NotificationOutbox,
  ) {}

  /**
   * Fill count: the need's row is locked before the recall row (the order every writer keeps), so two
   * answers for a need's last place, by link or by text, are counted one after the other.
   */
  async lockNeedOf(tx: UnitOfWork, trustId: string, needId: string | null | undefined): Promise<void> {
    if (needId) await this.incidents.lockNeeds(tx, trustId, [needId]);
  }

  async record(tx: UnitOfWork, locked: RecallLinkRecord, answer: RecallAnswer, now: Date, channel: AnswerChannel): Promise<RecallLinkRecord> {
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
          ...(channel.via === 'sms' ? { via: 'sms', receivedTextId: channel.receivedTextId, notifyMessageId: channel.notifyMessageId } : {}),
        },
      })),
    );
    if (locked.needId) await this.afterNeedAnswer(tx, locked.trustId, locked.needId, now);
    return { ...locked, attending: answer.attending, etaMinutes: answer.etaMinutes, respondedAt: now };
  }

  /**
   * An answer for a fill-count need (the need row locked): when it makes the need's number, the need is
   * filled and its group told to stand by (RecallService.fillNeed), and the audit says so.
   */
  private async afterNeedAnswer(tx: UnitOfWork, trustId: string, needId: string, now: Date): Promise<void> {
    const filled = await this.recall.fillNeed(tx, trustId, needId, now);
    if (!filled.filled || !filled.incidentId) return;
    await this.audit.append(tx, trustId, [
      { subject: { kind: 'incident', id: filled.incidentId }, at: now, actor: { type: 'system' }, action: 'need-filled', details: { needId, toldToStandBy: filled.toldToStandBy, withdrawn: filled.withdrawn } },
    ]);
    this.logger.log({ msg: 'recall need filled', trustId, incidentId: filled.incidentId, needId, toldToStandBy: filled.toldToStandBy });
  }
}
