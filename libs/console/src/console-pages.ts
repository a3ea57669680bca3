import { createValidationPipe, DomainError, Role, roleAllows } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { CONSOLE_SERVICE_NAME, ConsoleSession, FieldProblem, formErrors, PageReply, PageRenderer, sendPage } from '@app/web';
import { Injectable, Type } from '@nestjs/common';
import { ServiceProblem } from './engine/form-problems';

export interface TrustSummary {
  id: string;
  name: string;
  odsCode: string;
}

/** Who is looking, as the pages need it: what to show and which forms to offer. */
export interface ConsoleViewer {
  email: string;
  roleName: string;
  /** Trust admins and national admins: action forms are shown. Viewers see everything and change nothing. */
  canChange: boolean;
  national: boolean;
  /** Patients' and staff's contact details, and messages: trust admins and national admins, as in the API. */
  seesPersonalData: boolean;
}

export type ConsoleSection = 'walkouts' | 'incidents' | 'messages' | 'national';

export interface ConsolePageOptions {
  title: string;
  session: ConsoleSession;
  trust?: TrustSummary | null;
  section?: ConsoleSection;
  problems?: FieldProblem[];
  fieldIds?: Record<string, string>;
}

const ROLE_NAMES: Record<Role, string> = {
  [Role.NationalAdmin]: 'National administrator',
  [Role.TrustAdmin]: 'Trust administrator',
  [Role.TrustViewer]: 'Trust viewer (read only)',
};

export function viewerOf(session: ConsoleSession): ConsoleViewer {
  const canChange = roleAllows(session.user.role, 'write');
  return { email: session.email, roleName: ROLE_NAMES[session.user.role], canChange, national: session.user.role === Role.NationalAdmin, seesPersonalData: canChange };
}

/**
 * What every console page shares: the trust in the header, the sections of the trust in the header's
 * navigation, the signed-in user, the CSRF token for its forms, and the NHS.UK error summary.
 */
@Injectable()
export class ConsolePages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly organisations: OrganisationService,
  ) {}

  /** The trust a page is about (404 for an unknown trust; another trust's never reaches here: the guard). */
  async trust(trustId: string): Promise<TrustSummary> {
    const trust = await this.organisations.getTrust(trustId);
    return { id: trust.id, name: trust.name, odsCode: trust.odsCode };
  }

  render(template: string, options: ConsolePageOptions, data: Record<string, unknown> = {}): string {
    const errors = formErrors(options.problems ?? [], options.fieldIds);
    const viewer = viewerOf(options.session);
    return this.renderer.render(
      template,
      {
        title: options.title,
        serviceName: CONSOLE_SERVICE_NAME,
        serviceHref: '/console',
        organisationName: options.trust?.name ?? null,
        errorSummary: errors.summary,
        account: { email: options.session.email, csrfToken: options.session.csrfToken },
        navigation: navigationOf(options.trust ?? null, viewer, options.section),
      },
      { ...data, trust: options.trust ?? null, viewer, csrfToken: options.session.csrfToken, errors: errors.byField },
    );
  }

  send(reply: PageReply, status: number, template: string, options: ConsolePageOptions, data: Record<string, unknown> = {}): void {
    sendPage(reply, status, this.render(template, options, data));
  }

  /** A piece of a page for its live-update script (no layout): same template, same data. */
  sendFragment(reply: PageReply, template: string, data: Record<string, unknown>): void {
    sendPage(reply, 200, this.renderer.renderFragment(template, data));
  }
}

function navigationOf(trust: TrustSummary | null, viewer: ConsoleViewer, section: ConsoleSection | undefined): { href: string; text: string; current?: boolean }[] | undefined {
  const items: { href: string; text: string; current?: boolean }[] = [];
  if (trust) {
    const base = `/console/trusts/${trust.id}`;
    items.push({ href: base, text: 'Walkouts', current: section === 'walkouts' });
    items.push({ href: `${base}/incidents`, text: 'Major incidents', current: section === 'incidents' });
    if (viewer.seesPersonalData) items.push({ href: `${base}/messages`, text: 'Messages', current: section === 'messages' });
  }
  if (viewer.national) items.push({ href: '/console/national', text: 'National view', current: section === 'national' });
  return items.length ? items : undefined;
}

const validation = createValidationPipe();

/**
 * A console form's request checked by the API's own DTO and validation pipe (class-validator and the
 * text rules), so a form accepts exactly what the JSON route accepts.
 */
export async function checkAsApi<T extends object>(dto: Type<T>, value: Record<string, unknown>): Promise<{ ok: true; value: T } | { ok: false; problems: ServiceProblem[] }> {
  try {
    return { ok: true, value: (await validation.transform(value, { type: 'body', metatype: dto })) as T };
  } catch (error) {
    const problems = refusalOf(error);
    if (!problems) throw error;
    return { ok: false, problems };
  }
}

/**
 * A service's refusal of what the form asked (any 4xx but "not found", which is the page's own 404), as
 * problems to show on the form; null for anything else, which the error pages answer.
 */
export function refusalOf(error: unknown): ServiceProblem[] | null {
  if (!(error instanceof DomainError) || error.httpStatus < 400 || error.httpStatus >= 500 || error.httpStatus === 404 || error.httpStatus === 401 || error.httpStatus === 403) return null;
  return error.details.length ? error.details.map((d) => ({ field: d.field, code: d.code, message: d.message })) : [{ message: error.message }];
}

/** The status a re-shown form answers with: the service's own (400, 409, 422, 429), or 400 for the form's checks. */
export function refusalStatus(error: unknown): number {
  return error instanceof DomainError ? error.httpStatus : 400;
}

/** A form field as text (formbody gives a string, or an array when repeated). */
export function formText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
}

/** A repeated form field (checkboxes) as a list of strings. */
export function formList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

export function formBody(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
