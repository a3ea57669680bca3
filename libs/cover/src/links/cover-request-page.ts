import { formatLondonPeriod, formatLondonDateTime, formatLondonClockTime } from '@app/core';
import { formErrors, PageFrame, PageRenderer } from '@app/web';
import { Injectable } from '@nestjs/common';
import type { CoverRequestView, RequestedShiftView } from '../requests/cover-request.service';

/** The name in the NHS header of the consultant's cover request page. */
export const COVER_LINK_SERVICE_NAME = 'Consultant cover';

export interface CoverRequestPageOptions {
  saved?: boolean;
  errors?: { field?: string; message: string }[];
  /** Path of the service under its public URL ('' or e.g. '/strike-ops'), for the form action. */
  basePath?: string;
}

const STATE_TEXT: Record<RequestedShiftView['state'], string> = {
  requested: 'Waiting for your answer',
  accepted: 'You accepted this shift',
  declined: 'You declined this shift',
  expired: 'This request has expired',
  withdrawn: 'No longer needed',
};

/**
 * A consultant's cover request (`GET /c/:token`) on the NHS.UK design system: the shifts asked, each with
 * accept or decline, usable on a phone without JavaScript. Shifts already answered, expired or withdrawn
 * are shown with their state and cannot be answered again.
 */
@Injectable()
export class CoverRequestPages {
  constructor(private readonly renderer: PageRenderer) {}

  request(view: CoverRequestView & { token: string }, options: CoverRequestPageOptions = {}): string {
    const errors = formErrors(options.errors ?? []);
    const open = view.shifts.filter((s) => s.state === 'requested');
    const title = open.length ? 'Can you provide consultant cover?' : 'Your consultant cover';
    return this.renderer.render('cover/cover-request.njk', frame(title, view.trustName, errors.summary), {
      heading: title,
      request: view,
      shifts: view.shifts.map((s) => ({
        period: formatLondonPeriod(s.startsAt, s.endsAt),
        rows: [
          { key: { text: 'Where' }, value: { text: [s.departmentName, s.siteName].filter(Boolean).join(', ') } },
          { key: { text: 'Status' }, value: { text: STATE_TEXT[s.state] } },
          ...(s.plannedBreak ? [{ key: { text: 'Break' }, value: { text: `${s.plannedBreak.minutes} minutes from ${formatLondonClockTime(s.plannedBreak.startsAt)}` } }] : []),
          ...(s.onCall === 'non-resident' ? [{ key: { text: 'On call' }, value: { text: 'Non-resident: from home, coming in when called' } }] : []),
          ...(s.state === 'requested' ? [{ key: { text: 'Answer by' }, value: { text: formatLondonDateTime(s.respondBy) } }] : []),
        ],
        open: s.state === 'requested',
        field: `answer-${s.assignmentId}`,
        error: errors.byField[`answer-${s.assignmentId}`],
      })),
      anyOpen: open.length > 0,
      saved: options.saved ?? false,
      action: `${(options.basePath ?? '').replace(/\/+$/, '')}/c/${encodeURIComponent(view.token)}/respond`,
    });
  }

  notFound(): string {
    return this.renderer.render('cover/cover-request-not-found.njk', frame('This cover request link is not active', null, []));
  }
}

function frame(title: string, trustName: string | null, errorSummary: ReturnType<typeof formErrors>['summary']): PageFrame {
  return { title, serviceName: COVER_LINK_SERVICE_NAME, organisationName: trustName, errorSummary };
}
