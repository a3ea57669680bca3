import { escapeHtml } from '@app/core';
/**
 * The staff recall page (`GET /s/:token`) and its answers, as plain HTML (pure).
 *
 * No JavaScript, no external assets: it must load over a poor mobile signal and work with a screen
 * reader. Styles follow the NHS design system's plain look (Arial, NHS blue header, green button,
 * yellow focus) inline, which the API's Content-Security-Policy allows for styles only.
 */
import { MAX_ETA_MINUTES } from './recall-answer';

export interface RecallPageAnswer {
  attending: boolean;
  etaMinutes: number | null;
  respondedAt: Date;
}

export interface RecallPageView {
  token: string;
  reason: 'major-incident' | 'derogation';
  trustName: string;
  givenName: string;
  /** What happened (the incident's description); null for a derogation. */
  description: string | null;
  /** Where to report. */
  sites: string[];
  exactLocation: string | null;
  access: string | null;
  answer: RecallPageAnswer | null;
}

export interface RecallPageOptions {
  /** Just saved: say so at the top. */
  saved?: boolean;
  errors?: { field?: string; message: string }[];
  /** What the person submitted, re-shown with the errors. */
  values?: { attending?: string; etaMinutes?: string };
  /** Path of the service under its public URL ('' or e.g. '/strike-ops'), for the form action. */
  basePath?: string;
}


const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.5;color:#212b32;background:#f0f4f5}
  header{background:#005eb8;color:#fff;padding:1rem}
  header p{margin:0;font-weight:bold;font-size:1.25rem}
  main{max-width:40rem;margin:0 auto;padding:1rem}
  h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
  h2{font-size:1.375rem;margin:1.5rem 0 .5rem}
  .panel{background:#fff;border-left:8px solid #005eb8;padding:1rem;margin:0 0 1.5rem}
  .saved{border-left-color:#007f3b}
  .error-summary{background:#fff;border:4px solid #d5281b;padding:1rem;margin:0 0 1.5rem}
  .error-summary a,.error{color:#d5281b;font-weight:bold}
  fieldset{border:0;padding:0;margin:0 0 1.5rem}
  legend{font-weight:bold;font-size:1.375rem;margin-bottom:.5rem}
  .radio{display:flex;align-items:center;margin:.5rem 0;min-height:2.75rem}
  .radio input{width:2.5rem;height:2.5rem;margin:0 .75rem 0 0;flex-shrink:0}
  label{cursor:pointer}
  .field{margin:0 0 1.5rem}
  .field label{display:block;font-weight:bold;margin-bottom:.25rem}
  .hint{display:block;color:#4c6272;margin-bottom:.25rem}
  input[type=text]{font-size:1.1875rem;padding:.5rem;border:2px solid #4c6272;width:8rem;min-height:2.75rem}
  .field-error input{border-color:#d5281b}
  button{font-size:1.1875rem;font-weight:bold;background:#007f3b;color:#fff;border:0;border-bottom:4px solid #00401e;padding:.75rem 1.25rem;border-radius:4px;cursor:pointer;min-height:2.75rem}
  a:focus,input:focus,button:focus{outline:4px solid #ffeb3b;outline-offset:0;box-shadow:0 0 0 8px #212b32}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>NHS staff recall</p></header>
<main id="main-content">
${body}
</main>
</body>
</html>
`;
}

function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function describeAnswer(answer: RecallPageAnswer): string {
  if (!answer.attending) return 'You told us you cannot come in.';
  return answer.etaMinutes === null ? 'You told us you are coming in.' : `You told us you are coming in and will arrive in about ${answer.etaMinutes} minutes.`;
}

export function renderRecallPage(view: RecallPageView, options: RecallPageOptions = {}): string {
  const errors = options.errors ?? [];
  const fieldError = (field: string) => errors.find((e) => e.field === field);
  const sites = joinWithAnd(view.sites.map(escapeHtml));
  const trust = escapeHtml(view.trustName);
  const title = view.reason === 'major-incident' ? 'Major incident: can you come in?' : 'Can you come in to keep patients safe?';
  const action = `${(options.basePath ?? '').replace(/\/+$/, '')}/s/${encodeURIComponent(view.token)}/respond`;

  const parts: string[] = [];
  if (errors.length) {
    parts.push(`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${errors.map((e) => `<li><a href="#${e.field === 'etaMinutes' ? 'etaMinutes' : 'attending-yes'}">${escapeHtml(e.message)}</a></li>`).join('')}</ul>
</div>`);
  }
  if (options.saved && view.answer) {
    parts.push(`<div class="panel saved" role="status"><h2>Thank you, we have your answer</h2><p>${describeAnswer(view.answer)}</p><p>You can change your answer below if anything changes.</p></div>`);
  }
  parts.push(`<h1>${escapeHtml(title)}</h1>`);
  parts.push(`<p>Dear ${escapeHtml(view.givenName)},</p>`);
  parts.push(
    view.reason === 'major-incident'
      ? `<p>${trust} has declared a major incident. As agreed with your union, staff taking part in industrial action are asked to return to work now.</p>`
      : `<p>${trust} needs staff taking part in industrial action to return to work to keep patients safe. Your union has agreed to this recall.</p>`,
  );
  const where: string[] = [`<h2>Where to report</h2><p>${sites}</p>`];
  if (view.exactLocation) where.push(`<p><strong>Location:</strong> ${escapeHtml(view.exactLocation)}</p>`);
  if (view.access) where.push(`<p><strong>How to get in:</strong> ${escapeHtml(view.access)}</p>`);
  if (view.description) where.push(`<h2>What has happened</h2><p>${escapeHtml(view.description)}</p>`);
  parts.push(`<div class="panel">${where.join('')}</div>`);
  if (view.answer && !options.saved) parts.push(`<p><strong>${describeAnswer(view.answer)}</strong> You can change your answer.</p>`);

  const chosen = options.values?.attending ?? (view.answer ? String(view.answer.attending) : undefined);
  const eta = options.values?.etaMinutes ?? (view.answer?.etaMinutes != null ? String(view.answer.etaMinutes) : '');
  const attendingError = fieldError('attending');
  const etaError = fieldError('etaMinutes');
  parts.push(`<form method="post" action="${escapeHtml(action)}" novalidate>
<fieldset${attendingError ? ' aria-describedby="attending-error"' : ''}>
<legend>Can you come in?</legend>
${attendingError ? `<p class="error" id="attending-error">${escapeHtml(attendingError.message)}</p>` : ''}
<div class="radio"><input type="radio" id="attending-yes" name="attending" value="true"${chosen === 'true' ? ' checked' : ''}><label for="attending-yes">Yes, I am coming in</label></div>
<div class="radio"><input type="radio" id="attending-no" name="attending" value="false"${chosen === 'false' ? ' checked' : ''}><label for="attending-no">No, I cannot come in</label></div>
</fieldset>
<div class="field${etaError ? ' field-error' : ''}">
<label for="etaMinutes">If you are coming, how many minutes until you arrive?</label>
<span class="hint" id="etaMinutes-hint">Optional. A whole number from 0 to ${MAX_ETA_MINUTES}, for example 30.</span>
${etaError ? `<p class="error" id="etaMinutes-error">${escapeHtml(etaError.message)}</p>` : ''}
<input type="text" id="etaMinutes" name="etaMinutes" inputmode="numeric" pattern="[0-9]*" autocomplete="off" spellcheck="false" value="${escapeHtml(eta)}" aria-describedby="etaMinutes-hint${etaError ? ' etaMinutes-error' : ''}">
</div>
<button type="submit">Send my answer</button>
</form>`);
  return page(errors.length ? `Error: ${title}` : title, parts.join('\n'));
}

export function renderRecallNotFoundPage(): string {
  return page(
    'This recall link is not active',
    `<h1>This recall link is not active</h1>
<p>The link may be mistyped, or the recall it belongs to has been stood down. If it has been stood down, you do not need to return to work.</p>
<p>If you are unsure, contact the person in charge at your hospital.</p>`,
  );
}
