import { escapeHtml } from '@app/core';
import { formatLondonDate, formatLondonTime } from '@app/notifications';

/**
 * The patient's offer pages (`/r/:token`): plain HTML in the GOV.UK/NHS style — one column, large
 * text, real buttons in real forms, no JavaScript, usable on a small phone and with a screen reader.
 * They show when, where and what to do, and nothing that identifies the patient beyond a first name
 * (no NHS number, no date of birth): whoever holds the link sees the page.
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

const STYLE = `
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.5; color: #212b32; background: #f0f4f5; }
  header { background: #005eb8; color: #fff; padding: 12px 16px; font-weight: bold; }
  main { max-width: 640px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 32px; line-height: 1.2; margin: 16px 0; }
  dl { background: #fff; border-left: 8px solid #005eb8; padding: 16px; margin: 24px 0; }
  dt { font-weight: bold; }
  dd { margin: 0 0 12px 0; }
  form { margin: 16px 0; }
  button { font-size: 19px; padding: 12px 16px; border: 0; border-radius: 4px; width: 100%; max-width: 360px; cursor: pointer; }
  .primary { background: #007f3b; color: #fff; box-shadow: 0 4px 0 #00401e; }
  .secondary { background: #d8dde0; color: #212b32; box-shadow: 0 4px 0 #aeb7bd; }
  button:focus { outline: 4px solid #ffeb3b; outline-offset: 0; }
  .inset { background: #fff; border-left: 8px solid #768692; padding: 12px 16px; }
`;


function page(title: string, trustName: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)} – ${escapeHtml(trustName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${escapeHtml(trustName)}</header>
<main>
${body}
<p class="inset">If you need medical help urgently, use NHS 111 online at <a href="https://111.nhs.uk">111.nhs.uk</a> or call 111. In an emergency, call 999.</p>
</main>
</body>
</html>
`;
}

function details(view: OfferPageView): string {
  return `<dl>
<dt>Date</dt><dd>${escapeHtml(formatLondonDate(view.startsAt))}</dd>
<dt>Time</dt><dd>${escapeHtml(formatLondonTime(view.startsAt))} to ${escapeHtml(formatLondonTime(view.endsAt))}</dd>
<dt>Place</dt><dd>${escapeHtml(view.place)}</dd>
<dt>Appointment</dt><dd>${escapeHtml(view.description)}</dd>
</dl>`;
}

/** The offer, with the two answers as forms (POST: a link preview or prefetch must not answer for the patient). */
export function offerPage(view: OfferPageView, token: string): string {
  const path = `/r/${encodeURIComponent(token)}`;
  const shortNotice = view.shortNotice
    ? '<p>This date is less than 3 weeks away. You can ask for another date without losing your place on the waiting list.</p>'
    : '';
  return page(
    'Your new appointment',
    view.trustName,
    `<h1>Your new appointment</h1>
<p>Dear ${escapeHtml(view.givenName)}, your appointment was postponed because of industrial action. We have booked you a new one:</p>
${details(view)}
<h2>What to do</h2>
<p>Please confirm that you can come. If you cannot, ask for another date and we will offer you a new one.</p>
${shortNotice}
<form method="post" action="${path}/confirm"><button type="submit" class="primary">Confirm this appointment</button></form>
<form method="post" action="${path}/decline"><button type="submit" class="secondary">I cannot come – offer me another date</button></form>
<p>Please attend this appointment unless you ask for another date or we tell you otherwise.</p>`,
  );
}

export function confirmedPage(view: OfferPageView): string {
  return page(
    'Appointment confirmed',
    view.trustName,
    `<h1>Appointment confirmed</h1>
<p>Thank you, ${escapeHtml(view.givenName)}. We have confirmed your appointment:</p>
${details(view)}
<p>Please come at the time shown. We will send you a confirmation message.</p>`,
  );
}

export function declinedPage(view: OfferPageView): string {
  const penalty = view.shortNotice
    ? '<p>Because the date was less than 3 weeks away, this does not affect your place on the waiting list.</p>'
    : '';
  return page(
    'We will offer you another date',
    view.trustName,
    `<h1>We will offer you another date</h1>
<p>Thank you, ${escapeHtml(view.givenName)}. We have cancelled this date and will contact you with a new one as soon as we can.</p>
${penalty}
<p>You do not need to do anything else.</p>`,
  );
}

export function linkNotFoundPage(): string {
  return page(
    'This link has expired',
    'NHS',
    `<h1>This link does not work any more</h1>
<p>The link may have been used already, or the appointment it was for has passed or changed.</p>
<p>If you need to change or check an appointment, contact the hospital using the details in your letter or message.</p>`,
  );
}
