import { Clock, hashLinkToken, looksLikeLinkToken, Transactions, UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { PatientNames, PlaceReads } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { describeActivity } from '../engine/activity-description';
import { isShortNotice } from '../engine/offer-notices';
import { OfferPageView } from './patient-link-pages';
import { OfferByLink, PatientLinkRepository } from './patient-link.repository';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';

export type LinkAnswer = 'confirm' | 'decline';

/** What a link shows: the open offer, or the appointment the patient confirmed with it. */
export type PatientLinkState = { kind: 'offer'; view: OfferPageView } | { kind: 'confirmed'; view: OfferPageView };

/**
 * The patient's answer to an offer, through the link in their message. Unknown, used and expired links
 * all look the same (not found), so a token cannot be probed.
 */
@Injectable()
export class PatientLinkService {
  private readonly logger = new Logger('PatientLinks');

  constructor(
    private readonly links: PatientLinkRepository,
    private readonly transactions: Transactions,
    private readonly outbox: NotificationOutbox,
    private readonly patientNames: PatientNames,
    private readonly places: PlaceReads,
    private readonly clock: Clock,
  ) {}

  /**
   * The open offer behind the link; once confirmed, the appointment itself until it has ended (the
   * patient may open the link again to check it); otherwise null.
   */
  async view(token: string): Promise<PatientLinkState | null> {
    if (!looksLikeLinkToken(token)) return null;
    const hash = hashLinkToken(token);
    const now = this.clock.now();
    const offer = await this.links.findOpenOffer(hash, now);
    if (offer) return { kind: 'offer', view: toPageView(await this.namedOutsideTransaction(offer)) };
    const confirmed = await this.links.findConfirmed(hash, now);
    return confirmed ? { kind: 'confirmed', view: toPageView(await this.namedOutsideTransaction(confirmed)) } : null;
  }

  /**
   * Confirm: the offer becomes the patient's appointment and a 'rebooking-confirmed' message is queued.
   * Decline: the slot is released and the chain waits for the next run; the decline is counted, and
   * held against the patient only when the date was at least 3 weeks away (docs/domain.md).
   * Returns the page view, or null when the link is not (or no longer) an open offer. Confirming again
   * (a second tap, a reload) shows the confirmed appointment and changes nothing.
   */
  async answer(token: string, answer: LinkAnswer): Promise<OfferPageView | null> {
    if (!looksLikeLinkToken(token)) return null;
    const hash = hashLinkToken(token);
    const now = this.clock.now();
    const answered = await this.record(hash, answer, now);
    if (answered || answer !== 'confirm') return answered;
    const confirmed = await this.links.findConfirmed(hash, now);
    return confirmed ? toPageView(await this.namedOutsideTransaction(confirmed)) : null;
  }

  /** The offer with what the page and the message say: the patient's, the trust's and the site's names. */
  private async named(tx: UnitOfWork, offer: OfferByLink): Promise<NamedOffer> {
    const givenNames = await this.patientNames.givenNamesOf(tx, offer.trustId, [offer.patientId]);
    const places = await this.places.siteNames(tx, offer.trustId, [offer.siteId]);
    const trustName = await this.places.trustName(tx, offer.trustId);
    return { ...offer, givenName: givenNames.get(offer.patientId) ?? '', trustName: trustName ?? '', place: places.get(offer.siteId) ?? '' };
  }

  private namedOutsideTransaction(offer: OfferByLink): Promise<NamedOffer> {
    return this.transactions.run((tx) => this.named(tx, offer));
  }

  private async record(hash: string, answer: LinkAnswer, now: Date): Promise<OfferPageView | null> {
    try {
      return await this.transactions.run(async (tx) => {
        const locked = await this.links.lockOpenOffer(tx, hash, now);
        if (!locked) return null;
        const offer = await this.named(tx, locked);
        const view = toPageView(offer);
        const changed =
          answer === 'confirm'
            ? await this.links.confirm(tx, offer.trustId, offer.appointmentId, hash, now)
            : await this.links.decline(tx, offer.trustId, offer.appointmentId, hash, now, isShortNotice(offer.startsAt, offer.offeredAt));
        // Both rows were locked above, so this only fails if the schema and this code disagree: roll back.
        if (!changed) throw new RebookingError(RebookingErrorCode.LinkNotFound, 'The offer changed while it was answered');
        if (answer === 'confirm') {
          await this.outbox.createMany(tx, [
            {
              trustId: offer.trustId,
              recipient: { type: 'patient', patientId: offer.patientId },
              purpose: 'rebooking-confirmed',
              personalisation: { givenName: offer.givenName, trustName: offer.trustName, appointment: { startsAt: offer.startsAt.toISOString(), description: view.description, place: offer.place }, linkToken: null },
              deadline: offer.startsAt,
              walkoutId: offer.walkoutId,
              subjectId: offer.appointmentId,
              dedupeKey: `rebooking-confirmed:${offer.appointmentId}`,
            },
            // The patient's own answer: counted, never refused (a budget must not stop a confirmation).
          ], { budget: 'count' });
        }
        this.logger.log({ msg: answer === 'confirm' ? 'offer confirmed' : 'offer declined', trustId: offer.trustId, appointmentId: offer.appointmentId });
        return view;
      });
    } catch (error) {
      if (error instanceof RebookingError && error.code === RebookingErrorCode.LinkNotFound) return null;
      throw error;
    }
  }
}

interface NamedOffer extends OfferByLink {
  givenName: string;
  trustName: string;
  place: string;
}

function toPageView(offer: NamedOffer): OfferPageView {
  return {
    givenName: offer.givenName,
    trustName: offer.trustName,
    description: describeActivity(offer.specialty, offer.kind),
    place: offer.place,
    startsAt: offer.startsAt,
    endsAt: offer.endsAt,
    shortNotice: isShortNotice(offer.startsAt, offer.offeredAt),
  };
}
