import { createHash } from 'node:crypto';
import { testPageRenderer } from '@app/web/testing';
import { inlineScriptHashes } from './nhsuk-frontend';

describe('the page layout', () => {
  const renderer = testPageRenderer();
  const html = renderer.render(
    'web/error.njk',
    { title: 'Page not found', serviceName: 'Strike operations', serviceHref: '/console', organisationName: 'Royal Free <London> NHS Foundation Trust', account: { email: 'cell@rfl.nhs.uk', csrfToken: 'T'.repeat(43) } },
    { heading: 'Page not found', paragraphs: ['<b>not bold</b>'] },
  );

  it('is an NHS.UK page in British English with the NHS title pattern, a skip link and the trust in the header', () => {
    expect(html).toMatch(/<html lang="en-GB"/);
    expect(html).toContain('<title>Page not found – Strike operations – NHS</title>');
    expect(html).toMatch(/<a class="nhsuk-skip-link"[^>]*href="#maincontent"/);
    expect(html).toContain('<main class="nhsuk-main-wrapper" id="maincontent"');
    expect(html).toContain('nhsuk-header__organisation-name">Royal Free &lt;London&gt; NHS Foundation Trust');
    expect(html).toContain('class="nhsuk-footer');
  });

  it('links the design system’s stylesheet and script from one versioned path, and escapes data', () => {
    const [stylesheet] = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(stylesheet).toMatch(/^\/assets\/\d+\.\d+\.\d+-[0-9a-f]{8}\/nhsuk-frontend\.min\.css$/);
    expect(html).toMatch(/<script type="module" src="\/assets\/\d+\.\d+\.\d+-[0-9a-f]{8}\/app\/init\.mjs"><\/script>/);
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(html).not.toContain('<b>not bold</b>');
  });

  it('has no inline script but the template’s own, whose hash the CSP allows', () => {
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(inlineScriptHashes()).toEqual([`'sha256-${createHash('sha256').update(inline[0]).digest('base64')}'`]);
  });

  it('gives a signed-in user a sign-out form carrying their CSRF token', () => {
    expect(html).toMatch(/<form class="nhsuk-header__account-form" method="post" action="\/console\/logout" novalidate>\s*<input type="hidden" name="_csrf" value="T{43}">/);
    expect(html).toContain('cell@rfl.nhs.uk');
  });

  it('puts "Error: " in the title and an error summary linking to the fields when a form has problems', () => {
    const page = renderer.render('web/error.njk', { title: 'Sign in', serviceName: 'Strike operations', errorSummary: [{ text: 'Enter your email address', href: '#email' }] }, { heading: 'x', paragraphs: [] });
    expect(page).toContain('<title>Error: Sign in – Strike operations – NHS</title>');
    expect(page).toContain('nhsuk-error-summary');
    expect(page).toMatch(/<a href="#email">\s*Enter your email address\s*<\/a>/);
  });
});
