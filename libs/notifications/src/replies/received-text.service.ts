import { Transactions } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { phoneNumberDigest } from '../limits/sms-number-cap';
import { CallbackIdentity, NotifyServiceDirectory } from '../notify-services/notify-service-directory';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { ReceivedText, parseReceivedTextCallback } from './received-text';
import { ReceivedTextRepository, ReceivedTextOutcome } from './received-text.repository';
import { ReplyHandlers } from './reply-handlers';

export interface ReceivedTextResult {
  /** What became of it: answered, kept for a person to read, or no message of ours went to that number. */
  outcome: ReceivedTextOutcome;
  /** Notify had delivered it before (a retried callback, or a poll after the callback). */
  repeat: boolean;
}

/**
 * Texts people send to a Notify service's inbound number (docs/domain.md "Replies by text"), however
 * they arrive (callback or polling): stored once per Notify message id, then matched by number to the
 * most recent text that service sent the number, and handed to the reply handler of that message's
 * source. Stored before it is handled, in its own transaction, so a handler that fails leaves the text
 * kept (pending) and handled again by the next delivery or poll: never lost.
 */
@Injectable()
export class ReceivedTextService {
  private readonly logger = new Logger('ReceivedTexts');

  constructor(
    private readonly transactions: Transactions,
    private readonly texts: ReceivedTextRepository,
    private readonly handlers: ReplyHandlers,
    private readonly directory: NotifyServiceDirectory,
  ) {}

  /** Notify's received-text callback: the bearer says whose service it is (a trust's token, or the deployment's). */
  async receiveCallback(authorization: string | undefined, body: unknown): Promise<ReceivedTextResult> {
    const identity = await this.directory.byCallbackToken(authorization);
    if (!identity) throw new NotificationError(NotificationErrorCode.CallbackUnauthorised, 'Missing or wrong callback bearer token');
    const parsed = parseReceivedTextCallback(body);
    if ('problems' in parsed) throw new NotificationError(NotificationErrorCode.InvalidReceivedText, 'Not a GOV.UK Notify received text message', parsed.problems);
    return this.receive(identity, parsed.text, 'callback');
  }

  async receive(identity: CallbackIdentity, text: ReceivedText, via: 'callback' | 'poll'): Promise<ReceivedTextResult> {
    const fromDigest = phoneNumberDigest(text.fromNumber);
    const stored = await this.texts.store({ ...text, sendingService: identity.serviceId, trustId: identity.trustId, fromDigest, arrivedVia: via });
    if (stored.outcome !== 'pending') return { outcome: stored.outcome, repeat: true };
    const outcome = await this.handle(stored.id);
    // null: another delivery of the same text is handling it at this moment.
    return { outcome: outcome ?? 'pending', repeat: outcome === null };
  }

  /** Matches and hands on one stored text; null when another delivery has just handled it. */
  async handle(receivedTextId: string): Promise<Exclude<ReceivedTextOutcome, 'pending'> | null> {
    const result = await this.transactions.run(async (tx) => {
      const text = await this.texts.lockPending(tx, receivedTextId);
      if (!text) return null;
      const match = await this.texts.latestTextTo(tx, text.sendingService, text.fromDigest, text.trustId, this.handlers.sourceTypes(), text.receivedAt);
      if (!match) {
        // No message of ours went to that number: kept here, and offered to the trust's handlers when the service is a trust's own.
        let kept = false;
        if (text.trustId) {
          for (const handler of this.handlers.all()) {
            if (handler.unattributed && (await handler.unattributed(tx, { receivedTextId: text.id, providerId: text.providerId, trustId: text.trustId, fromNumber: text.fromNumber, content: text.content, receivedAt: text.receivedAt }))) kept = true;
          }
        }
        await this.texts.recordOutcome(tx, text.id, { outcome: 'no-match', reason: kept ? 'listed for the trust' : null, trustId: text.trustId, match: null });
        return { outcome: 'no-match' as const, trustId: text.trustId, sourceType: null };
      }
      const handler = this.handlers.of(match.sourceType)!;
      const outcome = await handler.handle(tx, {
        receivedTextId: text.id,
        providerId: text.providerId,
        trustId: match.trustId,
        sourceId: match.sourceId,
        notificationId: match.notificationId,
        purpose: match.purpose,
        recipient: { type: match.recipientType, id: match.recipientId },
        fromNumber: text.fromNumber,
        content: text.content,
        receivedAt: text.receivedAt,
      });
      await this.texts.recordOutcome(tx, text.id, { outcome: outcome.outcome, reason: outcome.outcome === 'unmatched' ? outcome.reason : null, trustId: match.trustId, match });
      return { outcome: outcome.outcome, trustId: match.trustId, sourceType: match.sourceType };
    });
    if (result) this.logger.log({ msg: 'received text handled', receivedTextId, trustId: result.trustId, sourceType: result.sourceType, outcome: result.outcome });
    return result?.outcome ?? null;
  }
}
