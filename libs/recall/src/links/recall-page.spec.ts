import { RecallPageView, renderRecallNotFoundPage, renderRecallPage } from './recall-page';

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

describe('recall page', () => {
  it('is a plain, accessible page: English, viewport, no scripts, a labelled form that posts to the link', () => {
    const html = renderRecallPage(view(), { basePath: '/strike-ops' });
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<script|javascript:|onclick=|https?:\/\//i);
    expect(html).toContain('<form method="post" action="/strike-ops/s/tok_en-123/respond" novalidate>');
    for (const id of ['attending-yes', 'attending-no', 'etaMinutes']) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`<label for="${id}">`);
    }
    expect(html).toContain('<legend>Can you come in?</legend>');
    expect(html).toContain('inputmode="numeric"');
  });

  it('says what happened and where to report', () => {
    const html = renderRecallPage(view());
    expect(html).toContain('<h1>Major incident: can you come in?</h1>');
    expect(html).toContain('Chelsea and Westminster Hospital and West Middlesex University Hospital');
    expect(html).toContain('Multiple casualties from a bus collision');
    expect(html).toContain('A4 eastbound');
    expect(html).toContain('Staff entrance on Fulham Road');
    expect(renderRecallPage(view({ reason: 'derogation', description: null }))).toContain('to keep patients safe');
  });

  it('escapes everything that came from data, so a trust or site name cannot inject markup', () => {
    const html = renderRecallPage(view({ trustName: '<img src=x onerror=alert(1)>', sites: ['"><script>alert(1)</script>'], givenName: 'O\'Brien & <b>', description: null, exactLocation: null, access: null }));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('O&#39;Brien &#38; &#60;b&#62;');
  });

  it('shows the answer given, pre-selects it, and thanks on saving', () => {
    const answered = view({ answer: { attending: true, etaMinutes: 25, respondedAt: new Date('2026-01-12T10:00:00Z') } });
    const html = renderRecallPage(answered);
    expect(html).toContain('You told us you are coming in and will arrive in about 25 minutes.');
    expect(html).toMatch(/id="attending-yes" name="attending" value="true" checked/);
    expect(html).toContain('value="25"');
    expect(renderRecallPage(answered, { saved: true })).toContain('Thank you, we have your answer');
    expect(renderRecallPage(view({ answer: { attending: false, etaMinutes: null, respondedAt: new Date() } }))).toMatch(/id="attending-no" name="attending" value="false" checked/);
  });

  it('lists problems in an error summary linked to the fields, and keeps what was typed', () => {
    const html = renderRecallPage(view(), { errors: [{ field: 'etaMinutes', message: 'Enter the minutes <b>' }], values: { attending: 'true', etaMinutes: '9999' } });
    expect(html).toContain('<title>Error: Major incident: can you come in?</title>');
    expect(html).toContain('There is a problem');
    expect(html).toContain('<a href="#etaMinutes">Enter the minutes &#60;b&#62;</a>');
    expect(html).toContain('aria-describedby="etaMinutes-hint etaMinutes-error"');
    expect(html).toContain('value="9999"');
  });

  it('has a not-found page that explains a stood-down recall', () => {
    const html = renderRecallNotFoundPage();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('you do not need to return to work');
  });
});
