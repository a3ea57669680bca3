import { formErrors, FormErrors, PageFrame, PageRenderer, STAFF_LINK_SERVICE_NAME } from '@app/web';
import { Injectable } from '@nestjs/common';
import { MAX_ETA_MINUTES } from './recall-answer';

/**
 * The staff recall page (`GET /s/:token`) and its answers, on the NHS.UK design system: no JavaScript
 * needed, one column, large targets, so it works on a phone over a poor signal and with a screen
 * reader. The header names the trust that is recalling.
 */
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
  /** A drill: the page opens by saying it is an exercise. */
  exercise?: boolean;
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

function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function describeAnswer(answer: RecallPageAnswer): string {
  if (!answer.attending) return 'You told us you cannot come in.';
  return answer.etaMinutes === null ? 'You told us you are coming in.' : `You told us you are coming in and will arrive in about ${answer.etaMinutes} minutes.`;
}

export function recallPageTitle(reason: RecallPageView['reason'], exercise = false): string {
  const title = reason === 'major-incident' ? 'Major incident: can you come in?' : 'Can you come in to keep patients safe?';
  return exercise ? `Exercise – ${title}` : title;
}

@Injectable()
export class RecallLinkPages {
  constructor(private readonly renderer: PageRenderer) {}

  recall(view: RecallPageView, options: RecallPageOptions = {}): string {
    const errors = formErrors(options.errors ?? [], { attending: 'attending-yes' });
    const title = recallPageTitle(view.reason, view.exercise ?? false);
    const chosen = options.values?.attending ?? (view.answer ? String(view.answer.attending) : undefined);
    const eta = options.values?.etaMinutes ?? (view.answer?.etaMinutes != null ? String(view.answer.etaMinutes) : '');
    return this.renderer.render('recall/recall.njk', frame(title, view.trustName, errors.summary), {
      heading: title,
      recall: view,
      where: [
        { key: { text: 'Hospital' }, value: { text: joinWithAnd(view.sites) } },
        ...(view.exactLocation ? [{ key: { text: 'Location' }, value: { text: view.exactLocation } }] : []),
        ...(view.access ? [{ key: { text: 'How to get in' }, value: { text: view.access } }] : []),
      ],
      answer: view.answer ? describeAnswer(view.answer) : null,
      saved: options.saved ?? false,
      action: `${(options.basePath ?? '').replace(/\/+$/, '')}/s/${encodeURIComponent(view.token)}/respond`,
      values: { attending: chosen, etaMinutes: eta },
      errors: errors.byField,
      maxEta: MAX_ETA_MINUTES,
    });
  }

  notFound(): string {
    return this.renderer.render('recall/recall-not-found.njk', frame('This recall link is not active', null, []));
  }
}

function frame(title: string, trustName: string | null, errorSummary: FormErrors['summary']): PageFrame {
  return { title, serviceName: STAFF_LINK_SERVICE_NAME, organisationName: trustName, errorSummary };
}
