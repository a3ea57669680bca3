import { DAY_MS } from '@app/core';
import type { NewNotification } from '@app/notifications';
import { describeActivity } from './activity-description';
import { REASONABLE_NOTICE_DAYS } from '../rebooking.constants';
import type { WrittenOffer } from '../runs/rebooking-run.repository';


/** docs/domain.md: a date less than 3 weeks away may be declined without penalty. */
export function isShortNotice(startsAt: Date, offeredAt: Date): boolean {
  return startsAt.getTime() - offeredAt.getTime() < REASONABLE_NOTICE_DAYS * DAY_MS;
}

/**
 * One 'rebooking-offer' per new date, carrying the plain link token (its hash is what is stored). The
 * deadline is the new appointment, so the soonest are sent first; the dedupe key is the new row, so a
 * repeated write queues nothing twice.
 */
export function offerNotices(
  offers: readonly WrittenOffer[],
  tokenBySource: ReadonlyMap<string, string>,
  context: { trustId: string; trustName: string; walkoutId: string; now: Date },
): NewNotification[] {
  return offers.map((offer) => ({
    trustId: context.trustId,
    recipient: { type: 'patient', patientId: offer.patientId },
    purpose: 'rebooking-offer',
    personalisation: {
      givenName: offer.givenName,
      trustName: context.trustName,
      appointment: { startsAt: offer.startsAt.toISOString(), description: describeActivity(offer.specialty, offer.kind), place: offer.place },
      linkToken: tokenBySource.get(offer.sourceId)!,
      shortNotice: isShortNotice(offer.startsAt, context.now),
      // With dates to choose from, the message asks for an answer while they are held.
      ...(offer.alternatives > 0 && offer.holdExpiresAt ? { respondBy: offer.holdExpiresAt.toISOString() } : {}),
    },
    deadline: offer.startsAt,
    walkoutId: context.walkoutId,
    subjectId: offer.id,
    dedupeKey: `rebooking-offer:${offer.id}`,
  }));
}
