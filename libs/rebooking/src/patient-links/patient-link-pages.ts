import { formatLondonDate, formatLondonDateTime, formatLondonTime } from '@app/core';
import { formErrors, PageFrame, PageRenderer, PATIENT_LINK_SERVICE_NAME } from '@app/web';
import { Injectable } from '@nestjs/common';
import type { ChoiceRefusal } from '../engine/offer-choice';

/**
 * The patient's offer pages (`/r/:token`) on the NHS.UK design system: one column, real buttons in
 * real forms, no JavaScript needed, usable on a small phone and with a screen reader. They show when,
 * where and what to do, and nothing that identifies the patient beyond a first name (no NHS number,
 * no date of birth): whoever holds the link sees the page. No cookie session and no CSRF field: the
 * token in the path is the only credential, and a form posted from another site cannot know it.
 */
export interface OfferOptionView {
  /** 0: the best place (booked for the patient); 1–2: an alternative. */
  option: number;
  place: string;
  startsAt: Date;
  endsAt: Date;
  /** Less than 3 weeks after the offer. */
  shortNotice: boolean;
  /** Can be chosen now (held for the patient, or released but still free). */
  available: boolean;
  /** Held for the patient (always true of the best place). */
  held: boolean;
}

export interface OfferPageView {
  givenName: string;
  trustName: string;
  description: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  /** Less than 3 weeks away: another date may be asked for without penalty. */
  shortNotice: boolean;
  /** The dates to choose from, the best first (just the one when the offer holds no alternatives). */
  options?: OfferOptionView[];
  /** When the alternatives stop being held (null: the offer has none). */
  holdExpiresAt?: Date | null;
  holdExpired?: boolean;
  callRequested?: boolean;
  /** Declining every date would not count against the patient (all less than 3 weeks away). */
  declinedWithoutPenalty?: boolean;
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
    declinedWithoutPenalty: view.declinedWithoutPenalty ?? view.shortNotice,
    severalDates: (view.options ?? []).length > 1,
  };
}

const REFUSALS: Record<ChoiceRefusal, string> = {
  PLACE_GONE: 'Sorry, that date has just been taken by another patient. Choose one of the dates below',
  DATE_PASSED: 'That date has already started. Choose one of the dates below',
  UNKNOWN_OPTION: 'Choose one of the dates, or ask us to call you',
};

function choiceOf(view: OfferPageView) {
  const options = (view.options ?? []).filter((o) => o.available);
  return {
    // The radios' items, as the NHS.UK macro takes them.
    options: options.map((o) => ({
      value: String(o.option),
      text: `${formatLondonDate(o.startsAt)}, ${formatLondonTime(o.startsAt)} to ${formatLondonTime(o.endsAt)}`,
      hint: { text: `${o.place}${o.shortNotice ? ' – less than 3 weeks away' : ''}${o.held ? '' : ' – no longer held for you, but still free now'}` },
    })),
    gone: (view.options ?? []).length - options.length,
    holdExpiresAt: view.holdExpiresAt && !view.holdExpired ? formatLondonDateTime(view.holdExpiresAt) : null,
    holdExpired: !!view.holdExpired && !!view.holdExpiresAt,
    callRequested: !!view.callRequested,
  };
}

@Injectable()
export class PatientLinkPages {
  constructor(private readonly renderer: PageRenderer) {}

  /**
   * The offer, with the answers as forms (POST: a link preview or prefetch must not answer for the
   * patient). With alternatives, the dates are radios of one form; `refusal` or a missing choice
   * re-shows it with the NHS.UK error pattern.
   */
  offer(view: OfferPageView, token: string, problem: { refusal?: ChoiceRefusal; noChoice?: boolean } = {}): string {
    const path = `/r/${encodeURIComponent(token)}`;
    const message = problem.refusal ? REFUSALS[problem.refusal] : problem.noChoice ? REFUSALS.UNKNOWN_OPTION : null;
    const errors = formErrors(message ? [{ field: 'option', message }] : [], { option: 'option' });
    const title = (view.options ?? []).length > 1 ? 'Choose your new appointment' : 'Your new appointment';
    return this.renderer.render('rebooking/offer.njk', { ...frame(title, view.trustName), errorSummary: errors.summary }, {
      appointment: appointmentOf(view),
      choice: choiceOf(view),
      errors: errors.byField,
      actions: { confirm: `${path}/confirm`, choose: `${path}/choose`, decline: `${path}/decline`, call: `${path}/call` },
    });
  }

  /**
   * Just confirmed; or answered again (a second tap, another tab) after a date was chosen — the page then
   * says which date is booked, so the later answer is not mistaken for the one that counted; or the
   * link opened again afterwards to check the appointment.
   */
  confirmed(view: OfferPageView, justConfirmed: boolean, alreadyChosen = false): string {
    return this.renderer.render('rebooking/confirmed.njk', frame(justConfirmed || alreadyChosen ? 'Appointment confirmed' : 'Your confirmed appointment', view.trustName), {
      appointment: appointmentOf(view),
      justConfirmed: justConfirmed || alreadyChosen,
      alreadyChosen,
    });
  }

  declined(view: OfferPageView): string {
    return this.renderer.render('rebooking/declined.njk', frame('We will offer you another date', view.trustName), { appointment: appointmentOf(view) });
  }

  /** The call is recorded; the dates stay open, so the page still offers them. */
  callRequested(view: OfferPageView, token: string): string {
    const path = `/r/${encodeURIComponent(token)}`;
    return this.renderer.render('rebooking/call-requested.njk', frame('We will call you', view.trustName), {
      appointment: appointmentOf(view),
      choice: choiceOf(view),
      actions: { offer: path },
    });
  }

  /** Unknown, used, expired: all look the same, so a token cannot be probed (and no trust is named). */
  linkNotFound(): string {
    return this.renderer.render('rebooking/link-not-found.njk', frame('This link does not work any more', null));
  }
}

function frame(title: string, trustName: string | null): PageFrame {
  return { title, serviceName: PATIENT_LINK_SERVICE_NAME, organisationName: trustName };
}
