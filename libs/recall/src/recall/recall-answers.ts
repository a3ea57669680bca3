import { UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { Injectable } from '@nestjs/common';
import { IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { RecallAnswer } from '../links/recall-answer';
import { RecallLinkRecord, RecallRepository } from './recall.repository';

/** How an answer came: through the recall link, or as a reply to the recall text (two-way SMS). */
export type AnswerChannel = { via: 'link' } | { via: 'sms'; receivedTextId: string; notifyMessageId: string };

/**
 * Recording a staff member's answer, the same whichever way it came (docs/domain.md "Replies by text"):
 * the answer replaces an earlier one on every recall it counts for, this person's reminders not yet sent
 * are withdrawn (once someone has answered we stop messaging them), and each incident's audit log has
 * it. Runs in the caller's transaction, on the recall row it has locked.
 */
@Injectable()
export class RecallAnswers {
  constructor(
    private readonly recalls: RecallRepository,
    private readonly audit: IncidentAuditRepository,
    private readonly outbox: NotificationOutbox,
  ) {}

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
    return { ...locked, attending: answer.attending, etaMinutes: answer.etaMinutes, respondedAt: now };
  }
}
