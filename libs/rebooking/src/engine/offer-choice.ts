import { HOUR_MS } from '@app/core';
import { isShortNotice } from './offer-notices';

/**
 * The patient's choice among an offer's dates (docs/domain.md "Choice and holds"): pure rules, the link
 * service feeds them what it read under lock and stores what they decide.
 *
 * Option 0 is the best place (the offered appointment's own slot, booked for the patient); options 1 and
 * 2 are alternatives held for them until the hold expires. After that the alternatives are released (the
 * next run may offer them to someone else) but the best place stays booked, as the offer message says
 * ("attend unless you ask for another date"): a patient who answers late can still confirm it, or take a
 * released alternative if it still has room — first come, first served, the database deciding.
 */
export interface OfferOptionState {
  option: number;
  startsAt: Date;
  /** The alternative's hold still counts against its slot (not released, not expired). Always false for option 0. */
  held: boolean;
  /** Places of the slot nobody holds or has booked (capacity − booked − held), for a released alternative. */
  freePlaces: number;
}

export type ChoiceRefusal =
  /** Not one of this offer's dates (a tampered form, or an alternative the offer never had). */
  | 'UNKNOWN_OPTION'
  /** The date has already started. */
  | 'DATE_PASSED'
  /** A released alternative someone else has taken since. */
  | 'PLACE_GONE';

export type ChoiceDecision = { take: true; fromHold: boolean } | { take: false; reason: ChoiceRefusal };

export function decideChoice(option: OfferOptionState | undefined, now: Date): ChoiceDecision {
  if (!option) return { take: false, reason: 'UNKNOWN_OPTION' };
  if (option.startsAt.getTime() <= now.getTime()) return { take: false, reason: 'DATE_PASSED' };
  if (option.option === 0) return { take: true, fromHold: false };
  if (option.held) return { take: true, fromHold: true };
  return option.freePlaces > 0 ? { take: true, fromHold: false } : { take: false, reason: 'PLACE_GONE' };
}

/** When an offer made now stops holding its alternatives. */
export function holdExpiresAt(offeredAt: Date, holdHours: number): Date {
  return new Date(offeredAt.getTime() + holdHours * HOUR_MS);
}

/**
 * Reasonable notice (3 weeks): declining every date of an offer counts against the patient only when at
 * least one of them was 3 weeks or more after the offer was made. An offer of short-notice dates only
 * may be declined without penalty.
 */
export function declineWithoutPenalty(optionStarts: readonly Date[], offeredAt: Date): boolean {
  return optionStarts.every((startsAt) => isShortNotice(startsAt, offeredAt));
}

/**
 * What became of an offer, for the run's outcome: the patient's answer if they gave one (a choice or a
 * decline is final; asking to be called is not, and a later choice replaces it), else whether its hold ran out.
 * The run repository counts the same in SQL (`OFFER_ANSWER_SQL`); the spec and an integration test hold them together.
 */
export const OFFER_ANSWERS = ['accepted', 'chose-alternative', 'declined', 'asked-to-be-called', 'expired', 'awaiting'] as const;
export type OfferAnswer = (typeof OFFER_ANSWERS)[number];

export interface OfferAnswerFacts {
  confirmedAt: Date | null;
  chosenOption: number | null;
  declinedAt: Date | null;
  callRequestedAt: Date | null;
  holdExpiresAt: Date | null;
}

export function offerAnswer(offer: OfferAnswerFacts, now: Date): OfferAnswer {
  if (offer.confirmedAt) return (offer.chosenOption ?? 0) > 0 ? 'chose-alternative' : 'accepted';
  if (offer.declinedAt) return 'declined';
  if (offer.callRequestedAt) return 'asked-to-be-called';
  if (offer.holdExpiresAt && offer.holdExpiresAt.getTime() <= now.getTime()) return 'expired';
  return 'awaiting';
}

/** The same classification over appointment rows `a` as SQL (`$now` is the parameter holding the time). */
export function offerAnswerSql(now: string): string {
  return `CASE WHEN a.confirmed_at IS NOT NULL THEN CASE WHEN coalesce(a.chosen_option, 0) > 0 THEN 'chose-alternative' ELSE 'accepted' END
               WHEN a.declined_at IS NOT NULL THEN 'declined'
               WHEN a.call_requested_at IS NOT NULL THEN 'asked-to-be-called'
               WHEN a.hold_expires_at IS NOT NULL AND a.hold_expires_at <= ${now} THEN 'expired'
               ELSE 'awaiting' END`;
}
