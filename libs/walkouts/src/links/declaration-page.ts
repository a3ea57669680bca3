import { formatLondonDate, formatLondonDateTime } from '@app/core';
import { formErrors, PageRenderer } from '@app/web';
import { Injectable } from '@nestjs/common';
import { DeclarationView } from '../declarations/declaration.service';

/** The service name in the header of the declaration pages. */
export const DECLARATION_SERVICE_NAME = 'Industrial action: daily declaration';

export interface DeclarationPageOptions {
  saved?: boolean;
  errors?: { field?: string; message: string }[];
  /** Path of the service under its public URL ('' or e.g. '/strike-ops'), for the form action. */
  basePath?: string;
}

export function describeDeclaration(answer: 'yes' | 'no', day: string): string {
  return answer === 'yes' ? `You told us you are taking part in industrial action on ${day}.` : `You told us you are working on ${day}.`;
}

/**
 * The staff declaration page (`GET /d/:token`) on the NHS.UK design system, like the recall page: one
 * question, two large radios, no JavaScript needed, so it works on a phone over a poor signal.
 */
@Injectable()
export class DeclarationLinkPages {
  constructor(private readonly renderer: PageRenderer) {}

  declaration(token: string, view: DeclarationView, options: DeclarationPageOptions = {}): string {
    const errors = formErrors(options.errors ?? [], { answer: 'answer-yes' });
    const day = formatLondonDate(view.day.from);
    const title = `Are you taking part in industrial action on ${day}?`;
    return this.renderer.render(
      'walkouts/declaration.njk',
      { title, serviceName: DECLARATION_SERVICE_NAME, organisationName: view.trustName, errorSummary: errors.summary },
      {
        heading: title,
        givenName: view.givenName,
        trustName: view.trustName,
        period: `${formatLondonDateTime(view.day.from)} to ${formatLondonDateTime(view.day.to)}`,
        answer: view.answer ? describeDeclaration(view.answer, day) : null,
        saved: options.saved ?? false,
        value: view.answer ?? undefined,
        errors: errors.byField,
        action: `${(options.basePath ?? '').replace(/\/+$/, '')}/d/${encodeURIComponent(token)}/answer`,
      },
    );
  }

  notFound(): string {
    return this.renderer.render('walkouts/declaration-not-found.njk', { title: 'This link is not active', serviceName: DECLARATION_SERVICE_NAME, errorSummary: [] });
  }
}
