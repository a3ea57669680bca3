import { testPageRenderer } from '@app/web/testing';
import { join } from 'node:path';
import { PatientLinkPages } from './patient-link-pages';

const view = {
  givenName: 'Sam <b>',
  trustName: 'Royal Free London',
  description: 'Cardiology outpatient appointment',
  place: 'Barnet Hospital',
  startsAt: new Date('2026-06-15T08:30:00Z'),
  endsAt: new Date('2026-06-15T08:45:00Z'),
  shortNotice: true,
};
const token = 'A'.repeat(43);
const pages = new PatientLinkPages(testPageRenderer(join(__dirname, '..', 'views')));
/** The only scripts a page may have: the design system's own (see the web lib's layout test). */
const scriptsBesidesTheDesignSystem = (html: string) => [...html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/g)].map((m) => m[0]).filter((s) => !s.includes('/app/init.mjs') && !s.includes("' js-enabled'"));

describe('patient link pages', () => {
  it('shows the date, London time and place, and two plain forms to answer', () => {
    const html = pages.offer(view, token);
    expect(html).toContain('<html lang="en-GB"');
    expect(html).toContain('<title>Your new appointment – Your appointment – NHS</title>');
    expect(html).toContain('Monday 15 June 2026');
    expect(html).toContain('9:30am to 9:45am');
    expect(html).toContain('Barnet Hospital');
    expect(html).toContain(`<form method="post" action="/r/${token}/confirm" novalidate>`);
    expect(html).toContain(`<form method="post" action="/r/${token}/decline" novalidate>`);
    expect(html).toContain('without losing your place on the waiting list');
    expect(html).toContain('call 999');
  });

  it('names the trust in the NHS header', () => {
    expect(pages.offer(view, token)).toContain('<span class="nhsuk-header__organisation-name">Royal Free London');
  });

  it('escapes everything that comes from data and has no script of its own', () => {
    for (const html of [pages.offer(view, token), pages.confirmed(view, true), pages.confirmed(view, false), pages.declined(view), pages.linkNotFound()]) {
      expect(scriptsBesidesTheDesignSystem(html)).toEqual([]);
      expect(html).not.toContain('<b>');
    }
  });

  it('tells a patient who declines at short notice that it does not count against them', () => {
    expect(pages.declined(view)).toContain('does not affect your place');
    expect(pages.declined({ ...view, shortNotice: false })).not.toContain('does not affect your place');
  });

  it('lets a patient check their confirmed appointment again: what, where and when', () => {
    const html = pages.confirmed(view, false);
    expect(html).toContain('<h1>Your confirmed appointment</h1>');
    for (const text of ['Monday 15 June 2026', '9:30am to 9:45am', 'Barnet Hospital', 'Cardiology outpatient appointment']) expect(html).toContain(text);
    expect(html).not.toContain('<form');
    expect(pages.confirmed(view, true)).toContain('Appointment confirmed');
  });

  describe('an offer with dates to choose from', () => {
    const option = (n: number, iso: string, extra: Partial<{ shortNotice: boolean; available: boolean; held: boolean }> = {}) => ({
      option: n, place: n === 2 ? 'Chase Farm Hospital' : 'Barnet Hospital', startsAt: new Date(iso), endsAt: new Date(new Date(iso).getTime() + 15 * 60_000), shortNotice: true, available: true, held: true, ...extra,
    });
    const choice = {
      ...view,
      shortNotice: true,
      options: [option(0, '2026-06-15T08:30:00Z'), option(1, '2026-06-16T13:00:00Z'), option(2, '2026-07-20T09:00:00Z', { shortNotice: false })],
      holdExpiresAt: new Date('2026-06-04T12:00:00Z'),
      holdExpired: false,
      callRequested: false,
      declinedWithoutPenalty: false,
    };

    it('offers the three dates as one accessible radio group, with a decline and a call-me form', () => {
      const html = pages.offer(choice, token);
      expect(html).toContain('<h1>Choose your new appointment</h1>');
      expect(html).toContain(`<form method="post" action="/r/${token}/choose" novalidate>`);
      expect(html.match(/name="option" type="radio"/g)).toHaveLength(3);
      expect(html).toContain('<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">');
      for (const text of ['Monday 15 June 2026, 9:30am to 9:45am', 'Tuesday 16 June 2026, 2pm to 2:15pm', 'Monday 20 July 2026, 10am to 10:15am', 'Chase Farm Hospital']) expect(html).toContain(text);
      expect(html).toContain('until <strong>Thursday 4 June 2026 at 1pm');
      expect(html).toContain(`<form method="post" action="/r/${token}/decline" novalidate>`);
      expect(html).toContain(`<form method="post" action="/r/${token}/call" novalidate>`);
    });

    it('says which dates are less than 3 weeks away, and that turning down a reasonable-notice date is recorded', () => {
      const html = pages.offer(choice, token);
      expect(html.match(/less than 3 weeks away/g)!.length).toBeGreaterThanOrEqual(2);
      expect(html).toContain('recorded as declining a date with reasonable notice');
      expect(pages.offer({ ...choice, declinedWithoutPenalty: true }, token)).toContain('without losing your place on the waiting list');
    });

    it('shows a taken date as gone, with the NHS.UK error pattern, and keeps the others', () => {
      const html = pages.offer({ ...choice, options: [choice.options[0], { ...choice.options[1], available: false, held: false }, choice.options[2]] }, token, { refusal: 'PLACE_GONE' });
      expect(html).toContain('There is a problem');
      expect(html).toContain('href="#option"');
      expect(html).toContain('that date has just been taken');
      expect(html.match(/name="option" type="radio"/g)).toHaveLength(2);
      expect(html).toContain('One of the dates we held for you is no longer available');
      expect(html).toContain('<title>Error: Choose your new appointment');
    });

    it('confirms the patient’s call request and still lets them choose', () => {
      const html = pages.callRequested({ ...choice, callRequested: true }, token);
      expect(html).toContain('We will call you');
      expect(html).toContain(`href="/r/${token}"`);
    });

    it('records a decline of a reasonable-notice date as such', () => {
      expect(pages.declined(choice)).toContain('recorded that you turned down a date with reasonable notice');
    });
  });
});
