import { formatLondonDate, formatLondonTime } from '@app/core';
import { PageFrame, PageRenderer, PATIENT_LINK_SERVICE_NAME } from '@app/web';
import { Injectable } from '@nestjs/common';

/**
 * The patient's offer pages (`/r/:token`) on the NHS.UK design system: one column, real buttons in
 * real forms, no JavaScript needed, usable on a small phone and with a screen reader. They show when,
 * where and what to do, and nothing that identifies the patient beyond a first name (no NHS number,
 * no date of birth): whoever holds the link sees the page.
 */
export interface OfferPageView {
  givenName: string;
  trustName: string;
  description: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  /** Less than 3 weeks away: another date may be asked for without penalty. */
  shortNotice: boolean;
}

/** What the templates show of an appointment: London dates and times, already written out. */
function appointmentOf(view: OfferPageView) {
  return {
    givenName: view.givenName,
    description: view.description,
    place: view.place,
    date: formatLondonDate(view.startsAt),
    time: `${formatLondonTime(view.startsAt)} to ${formatLondonTime(view.endsAt)}`,
    shortNotice: view.shortNotice,
  };
}

@Injectable()
export class PatientLinkPages {
  constructor(private readonly renderer: PageRenderer) {}

  /** The offer, with the two answers as forms (POST: a link preview or prefetch must not answer for the patient). */
  offer(view: OfferPageView, token: string): string {
    const path = `/r/${encodeURIComponent(token)}`;
    return this.renderer.render('rebooking/offer.njk', frame('Your new appointment', view.trustName), {
      appointment: appointmentOf(view),
      actions: { confirm: `${path}/confirm`, decline: `${path}/decline` },
    });
  }

  /** Just confirmed, or the link opened again afterwards to check the appointment. */
  confirmed(view: OfferPageView, justConfirmed: boolean): string {
    return this.renderer.render('rebooking/confirmed.njk', frame(justConfirmed ? 'Appointment confirmed' : 'Your confirmed appointment', view.trustName), {
      appointment: appointmentOf(view),
      justConfirmed,
    });
  }

  declined(view: OfferPageView): string {
    return this.renderer.render('rebooking/declined.njk', frame('We will offer you another date', view.trustName), { appointment: appointmentOf(view) });
  }

  /** Unknown, used, expired: all look the same, so a token cannot be probed (and no trust is named). */
  linkNotFound(): string {
    return this.renderer.render('rebooking/link-not-found.njk', frame('This link does not work any more', null));
  }
}

function frame(title: string, trustName: string | null): PageFrame {
  return { title, serviceName: PATIENT_LINK_SERVICE_NAME, organisationName: trustName };
}
