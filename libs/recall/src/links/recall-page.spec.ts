import { testPageRenderer } from '@app/web/testing';
import { join } from 'node:path';
import { RecallLinkPages, RecallPageView } from './recall-page';

const pages = new RecallLinkPages(testPageRenderer(join(__dirname, '..', 'views')));

const view = (overrides: Partial<RecallPageView> = {}): RecallPageView => ({
  token: 'tok_en-123',
  reason: 'major-incident',
  trustName: 'Chelsea and Westminster Hospital NHS Foundation Trust',
  givenName: 'Sam',
  description: 'Multiple casualties from a bus collision',
  sites: ['Chelsea and Westminster Hospital', 'West Middlesex University Hospital'],
  exactLocation: 'A4 eastbound',
  access: 'Staff entrance on Fulham Road',
  answer: null,
  ...overrides,
});
const scriptsBesidesTheDesignSystem = (html: string) => [...html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/g)].map((m) => m[0]).filter((s) => !s.includes('/app/init.mjs') && !s.includes("' js-enabled'"));

describe('recall page', () => {
  it('is a plain, accessible page: British English, viewport, no scripts of its own, a labelled form that posts to the link', () => {
    const html = pages.recall(view(), { basePath: '/strike-ops' });
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en-GB"/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">');
    expect(scriptsBesidesTheDesignSystem(html)).toEqual([]);
    expect(html).not.toMatch(/javascript:|onclick=/i);
    expect(html).toContain('<form method="post" action="/strike-ops/s/tok_en-123/respond" novalidate>');
    for (const id of ['attending-yes', 'attending-no', 'etaMinutes']) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toMatch(new RegExp(`<label class="[^"]*" for="${id}">`));
    }
    expect(html).toMatch(/<legend class="[^"]*">\s*Can you come in\?\s*<\/legend>/);
    expect(html).toContain('inputmode="numeric"');
  });

  it('names the trust in the NHS header, not only "NHS"', () => {
    expect(pages.recall(view())).toContain('<span class="nhsuk-header__organisation-name">Chelsea and Westminster Hospital NHS Foundation Trust');
    expect(pages.recall(view())).toContain('<title>Major incident: can you come in? – Staff recall – NHS</title>');
  });

  it('says what happened and where to report', () => {
    const html = pages.recall(view());
    expect(html).toContain('<h1>Major incident: can you come in?</h1>');
    expect(html).toContain('Chelsea and Westminster Hospital and West Middlesex University Hospital');
    expect(html).toContain('Multiple casualties from a bus collision');
    expect(html).toContain('A4 eastbound');
    expect(html).toContain('Staff entrance on Fulham Road');
    expect(pages.recall(view({ reason: 'derogation', description: null }))).toContain('to keep patients safe');
  });

  it('escapes everything that came from data, so a trust or site name cannot inject markup', () => {
    const html = pages.recall(view({ trustName: '<img src=x onerror=alert(1)>', sites: ['"><script>alert(1)</script>'], givenName: 'O\'Brien & <b>', description: null, exactLocation: null, access: null }));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('O&#39;Brien &amp; &lt;b&gt;');
  });

  it('shows the answer given, pre-selects it, and thanks on saving', () => {
    const answered = view({ answer: { attending: true, etaMinutes: 25, respondedAt: new Date('2026-01-12T10:00:00Z') } });
    const html = pages.recall(answered);
    expect(html).toContain('You told us you are coming in and will arrive in about 25 minutes.');
    expect(html).toMatch(/id="attending-yes" name="attending" type="radio" value="true" checked/);
    expect(html).toContain('value="25"');
    expect(pages.recall(answered, { saved: true })).toContain('Thank you, we have your answer');
    expect(pages.recall(view({ answer: { attending: false, etaMinutes: null, respondedAt: new Date() } }))).toMatch(/id="attending-no" name="attending" type="radio" value="false" checked/);
  });

  it('lists problems in an error summary linked to the fields, and keeps what was typed', () => {
    const html = pages.recall(view(), { errors: [{ field: 'etaMinutes', message: 'Enter the minutes <b>' }], values: { attending: 'true', etaMinutes: '9999' } });
    expect(html).toContain('<title>Error: Major incident: can you come in? – Staff recall – NHS</title>');
    expect(html).toContain('There is a problem');
    expect(html).toMatch(/<a href="#etaMinutes">\s*Enter the minutes &lt;b&gt;\s*<\/a>/);
    expect(html).toMatch(/aria-describedby="etaMinutes-hint etaMinutes-error"/);
    expect(html).toContain('value="9999"');
    const missingChoice = pages.recall(view(), { errors: [{ field: 'attending', message: 'Select whether you can come in' }] });
    expect(missingChoice).toMatch(/<a href="#attending-yes">\s*Select whether you can come in/);
  });

  it('has a not-found page that explains a stood-down recall', () => {
    const html = pages.notFound();
    expect(html).toContain('<html lang="en-GB"');
    expect(html).toContain('you do not need to return to work');
  });
});
