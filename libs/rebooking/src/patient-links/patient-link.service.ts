import { Clock, hashLinkToken, isPgError, looksLikeLinkToken, PgErrorCode, Transactions, UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { PatientNames, PlaceReads } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { describeActivity } from '../engine/activity-description';
import { ChoiceRefusal, declineWithoutPenalty, decideChoice, OfferOptionState } from '../engine/offer-choice';
import { isShortNotice } from '../engine/offer-notices';
import { settleOffer } from '../engine/offer-settlement';
import { SLOT_CAPACITY_CONSTRAINTS } from '../rebooking.constants';
import { OfferOptionView, OfferPageView } from './patient-link-pages';
import { OfferAlternativeRow, OfferByLink, PatientLinkRepository } from './patient-link.repository';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';

/** `choose` takes one of the offer's dates (0 the best place, 1–2 an alternative); `confirm` is choosing 0. */
export type LinkAnswer = { kind: 'choose'; option: number } | { kind: 'decline' } | { kind: 'call' };

/** What a link shows: the open offer, or the appointment the patient confirmed with it. */
export type PatientLinkState = { kind: 'offer'; view: OfferPageView } | { kind: 'confirmed'; view: OfferPageView };

/** The outcome of an answer: done, or a choice refused with the offer as it stands now (its other dates unchanged). */
export type LinkAnswerOutcome =
  | { kind: 'chosen'; view: OfferPageView; justNow: boolean }
  | { kind: 'declined'; view: OfferPageView }
  | { kind: 'call-requested'; view: OfferPageView }
  | { kind: 'refused'; reason: ChoiceRefusal; view: OfferPageView };

const CHOICE_ATTEMPTS = 3;

/**
 * The patient's answer to an offer, through the link in their message (docs/domain.md "Choice and
 * holds"). Unknown, used and expired links all look the same (not found), so a token cannot be probed.
 * Every answer is one transaction that locks the link and the appointment, then the holds, then the
 * offer's slots in id order; the pure rules (engine/offer-choice, engine/offer-settlement) decide and
 * the counters' CHECK stands behind them, so two patients choosing the same last place cannot both get it.
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
   * The open offer behind the link, with its dates; once confirmed, the appointment itself until it has
   * ended (the patient may open the link again to check it); otherwise null.
   */
  async view(token: string): Promise<PatientLinkState | null> {
    if (!looksLikeLinkToken(token)) return null;
    const hash = hashLinkToken(token);
    const now = this.clock.now();
    const offer = await this.links.findOpenOffer(hash, now);
    if (offer) {
      const alternatives = await this.links.alternatives(null, offer);
      return { kind: 'offer', view: await this.transactions.run((tx) => this.pageView(tx, offer, alternatives, now)) };
    }
    const confirmed = await this.links.findConfirmed(hash, now);
    return confirmed ? { kind: 'confirmed', view: await this.transactions.run((tx) => this.pageView(tx, confirmed, [], now)) } : null;
  }

  /**
   * Choose a date: the offer becomes the patient's appointment at that date, the other places are
   * released and a 'rebooking-confirmed' message is queued. Decline: every place is released and the
   * chain waits for the next run; the decline is counted, and held against the patient only when one of
   * the dates was at least 3 weeks away (docs/domain.md). Call: recorded for the booking team, the dates
   * stay as they are until chosen, declined or the hold runs out.
   * Null when the link is not (or no longer) an open offer; choosing again (a second tap, another tab)
   * shows the appointment already chosen and changes nothing.
   */
  async answer(token: string, answer: LinkAnswer): Promise<LinkAnswerOutcome | null> {
    if (!looksLikeLinkToken(token)) return null;
    const hash = hashLinkToken(token);
    const now = this.clock.now();
    const outcome = await this.recordWithRetry(hash, answer, now);
    if (outcome || answer.kind !== 'choose') return outcome;
    const confirmed = await this.links.findConfirmed(hash, now);
    return confirmed ? { kind: 'chosen', justNow: false, view: await this.transactions.run((tx) => this.pageView(tx, confirmed, [], now)) } : null;
  }

  /** A deadlock with a concurrent writer of the same slots (a run's sweep, a postponement) is tried again from the locks. */
  private async recordWithRetry(hash: string, answer: LinkAnswer, now: Date): Promise<LinkAnswerOutcome | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.record(hash, answer, now);
      } catch (error) {
        if (attempt < CHOICE_ATTEMPTS && isPgError(error, PgErrorCode.DeadlockDetected)) continue;
        throw error;
      }
    }
  }

  private async record(hash: string, answer: LinkAnswer, now: Date): Promise<LinkAnswerOutcome | null> {
    try {
      return await this.transactions.run(async (tx) => {
        const offer = await this.links.lockOpenOffer(tx, hash, now);
        if (!offer) return null;
        const alternatives = await this.links.alternatives(tx, offer);
        if (answer.kind === 'call') {
          await this.links.requestCall(tx, offer.trustId, offer.appointmentId, now);
          this.logger.log({ msg: 'offer call requested', trustId: offer.trustId, appointmentId: offer.appointmentId });
          return { kind: 'call-requested', view: await this.pageView(tx, { ...offer, callRequestedAt: offer.callRequestedAt ?? now }, alternatives, now) };
        }
        const held = alternatives.map((a) => ({ option: a.option, slotId: a.slotId, active: a.active }));
        if (answer.kind === 'decline') {
          const withoutPenalty = declineWithoutPenalty([offer.startsAt, ...alternatives.map((a) => a.startsAt)], offer.offeredAt);
          const changed = await this.links.settle(tx, offer, { status: 'declined', withoutPenalty }, settleOffer(offer.slotId, held, { kind: 'decline' }), hash, now);
          // Every row was locked above, so this only fails if the schema and this code disagree: roll back.
          if (!changed) throw new RebookingError(RebookingErrorCode.LinkNotFound, 'The offer changed while it was answered');
          this.logger.log({ msg: 'offer declined', trustId: offer.trustId, appointmentId: offer.appointmentId });
          return { kind: 'declined', view: await this.pageView(tx, offer, alternatives, now, { declinedWithoutPenalty: withoutPenalty }) };
        }
        const decision = decideChoice(optionState(offer, alternatives, answer.option, now), now);
        if (!decision.take) return { kind: 'refused', reason: decision.reason, view: await this.pageView(tx, offer, alternatives, now) };
        const target = alternatives.find((a) => a.option === answer.option);
        const changed = await this.links.settle(
          tx,
          offer,
          { status: 'confirmed', chosenOption: answer.option, movesTo: target ? { slotId: target.slotId, daysAfterWalkout: target.daysAfterWalkout } : null },
          settleOffer(offer.slotId, held, { kind: 'choose', option: answer.option }),
          hash,
          now,
        );
        if (!changed) throw new RebookingError(RebookingErrorCode.LinkNotFound, 'The offer changed while it was answered');
        const booked: OfferByLink = target ? { ...offer, slotId: target.slotId, siteId: target.siteId, startsAt: target.startsAt, endsAt: target.endsAt } : offer;
        const view = await this.pageView(tx, booked, [], now);
        await this.outbox.createMany(tx, [
          {
            trustId: offer.trustId,
            recipient: { type: 'patient', patientId: offer.patientId },
            purpose: 'rebooking-confirmed',
            personalisation: { givenName: view.givenName, trustName: view.trustName, appointment: { startsAt: booked.startsAt.toISOString(), description: view.description, place: view.place }, linkToken: null },
            deadline: booked.startsAt,
            walkoutId: offer.walkoutId,
            subjectId: offer.appointmentId,
            dedupeKey: `rebooking-confirmed:${offer.appointmentId}`,
          },
          // The patient's own answer: counted, never refused (a budget must not stop a confirmation).
        ], { budget: 'count' });
        this.logger.log({ msg: 'offer confirmed', trustId: offer.trustId, appointmentId: offer.appointmentId, option: answer.option });
        return { kind: 'chosen', justNow: true, view };
      });
    } catch (error) {
      if (error instanceof RebookingError && error.code === RebookingErrorCode.LinkNotFound) return null;
      // A released place taken by a writer that bypassed the locks: the CHECK refused it and rolled the
      // answer back; the patient is told the date has gone and sees their other dates as they stand.
      if (SLOT_CAPACITY_CONSTRAINTS.some((constraint) => isPgError(error, PgErrorCode.CheckViolation, constraint))) {
        const offer = await this.links.findOpenOffer(hash, now);
        if (!offer) return null;
        const alternatives = await this.links.alternatives(null, offer);
        return { kind: 'refused', reason: 'PLACE_GONE', view: await this.transactions.run((tx) => this.pageView(tx, offer, alternatives, now)) };
      }
      throw error;
    }
  }

  /** The page's view of an offer: names from organisations' read ports, London dates, which dates can still be chosen. */
  private async pageView(tx: UnitOfWork, offer: OfferByLink, alternatives: readonly OfferAlternativeRow[], now: Date, extra: { declinedWithoutPenalty?: boolean } = {}): Promise<OfferPageView> {
    const siteIds = [offer.siteId, ...alternatives.map((a) => a.siteId)];
    const givenNames = await this.patientNames.givenNamesOf(tx, offer.trustId, [offer.patientId]);
    const places = await this.places.siteNames(tx, offer.trustId, siteIds);
    const trustName = await this.places.trustName(tx, offer.trustId);
    const option = (number: number, siteId: string, startsAt: Date, endsAt: Date): OfferOptionView => {
      const state = optionState(offer, alternatives, number, now);
      return { option: number, place: places.get(siteId) ?? '', startsAt, endsAt, shortNotice: isShortNotice(startsAt, offer.offeredAt), available: decideChoice(state, now).take, held: number === 0 || !!state?.held };
    };
    return {
      givenName: givenNames.get(offer.patientId) ?? '',
      trustName: trustName ?? '',
      description: describeActivity(offer.specialty, offer.kind),
      place: places.get(offer.siteId) ?? '',
      startsAt: offer.startsAt,
      endsAt: offer.endsAt,
      shortNotice: isShortNotice(offer.startsAt, offer.offeredAt),
      options: [option(0, offer.siteId, offer.startsAt, offer.endsAt), ...alternatives.map((a) => option(a.option, a.siteId, a.startsAt, a.endsAt))],
      holdExpiresAt: alternatives.length ? offer.holdExpiresAt : null,
      holdExpired: !!offer.holdExpiresAt && offer.holdExpiresAt.getTime() <= now.getTime(),
      callRequested: offer.callRequestedAt !== null,
      declinedWithoutPenalty: extra.declinedWithoutPenalty ?? declineWithoutPenalty([offer.startsAt, ...alternatives.map((a) => a.startsAt)], offer.offeredAt),
    };
  }
}

/** The rule's view of one of the offer's dates; a lapsed hold not yet swept still counts for its own offer. */
function optionState(offer: OfferByLink, alternatives: readonly OfferAlternativeRow[], option: number, now: Date): OfferOptionState | undefined {
  if (option === 0) return { option: 0, startsAt: offer.startsAt, held: false, freePlaces: 0 };
  const alternative = alternatives.find((a) => a.option === option);
  if (!alternative) return undefined;
  const lapsed = alternative.expiresAt.getTime() <= now.getTime();
  return { option, startsAt: alternative.startsAt, held: alternative.active && !lapsed, freePlaces: alternative.freePlaces + (alternative.active && lapsed ? 1 : 0) };
}
