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
});
