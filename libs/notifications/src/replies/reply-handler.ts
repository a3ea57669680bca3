import { UnitOfWork } from '@app/core';
import { NotifyPurpose } from '../messages/notify-purpose';
import { NotificationSourceType, RecipientType } from '../notifications/notification-status';

/**
 * A received text matched to the message it answers: the most recent text this Notify service sent
 * the number, among those whose source has a reply handler (docs/domain.md "Replies by text").
 */
export interface MatchedReply {
  /** Our id of the received text (`received_text`), for the handler's own records. */
  receivedTextId: string;
  /** Notify's id of the received text: the handler's idempotency key. */
  providerId: string;
  trustId: string;
  /** The record the answered message came from (a recall row, later a cover shift or a declaration). */
  sourceId: string;
  notificationId: string;
  purpose: NotifyPurpose;
  recipient: { type: RecipientType; id: string };
  /** As Notify gave it (447700900123). */
  fromNumber: string;
  content: string;
  receivedAt: Date;
}

/** A text from a number no handled message went to, at a service we know the trust of. */
export interface UnattributedReply {
  receivedTextId: string;
  providerId: string;
  trustId: string;
  fromNumber: string;
  content: string;
  receivedAt: Date;
}

/** `answered`: the reply did what it says; `unmatched`: the handler kept it for a person to read. */
export type ReplyOutcome = { outcome: 'answered' } | { outcome: 'unmatched'; reason: string };

/**
 * What a lib plugs in to receive the replies to its messages (recall now; cover shift requests and
 * daily strike declarations later). It runs inside the transaction that records the outcome, and
 * is called once per received text (Notify's message id), however often Notify delivers it.
 */
export interface ReplyHandler {
  readonly sourceType: NotificationSourceType;
  handle(tx: UnitOfWork, reply: MatchedReply): Promise<ReplyOutcome>;
  /**
   * Optional: a text to the trust's number from a number none of its messages went to (a new phone, a
   * colleague's). Returns true when the handler kept it somewhere a person will see it.
   */
  unattributed?(tx: UnitOfWork, reply: UnattributedReply): Promise<boolean>;
}
