import { confirmedPage, declinedPage, linkNotFoundPage, offerPage } from './patient-link-page';

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

describe('patient link pages', () => {
  it('shows the date, London time and place, and two plain forms to answer', () => {
    const html = offerPage(view, token);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('Monday 15 June 2026');
    expect(html).toContain('9:30am to 9:45am');
    expect(html).toContain('Barnet Hospital');
    expect(html).toContain(`<form method="post" action="/r/${token}/confirm">`);
    expect(html).toContain(`<form method="post" action="/r/${token}/decline">`);
    expect(html).toContain('without losing your place on the waiting list');
    expect(html).toContain('call 999');
  });

  it('escapes everything that comes from data and has no script', () => {
    for (const html of [offerPage(view, token), confirmedPage(view), declinedPage(view), linkNotFoundPage()]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('<b>');
    }
  });

  it('tells a patient who declines at short notice that it does not count against them', () => {
    expect(declinedPage(view)).toContain('does not affect your place');
    expect(declinedPage({ ...view, shortNotice: false })).not.toContain('does not affect your place');
  });
});
