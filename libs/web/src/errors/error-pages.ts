import { CommonErrorCode, ErrorBody, ErrorPageResponder } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { CONSOLE_SERVICE_NAME, PATIENT_LINK_SERVICE_NAME, STAFF_LINK_SERVICE_NAME } from '../rendering/page-title';
import { PageFrame, PageRenderer } from '../rendering/page-renderer';
import { ConsoleRequest } from '../session/console-access';
import { safeReturnTo, signInPath } from '../session/return-to';
import { WebErrorCode } from '../web.errors';
import { PageArea, pageAreaOf } from './page-request';

interface PageRequest extends ConsoleRequest {
  url?: string;
}
interface PageReply {
  status(code: number): PageReply;
  header(name: string, value: string): PageReply;
  send(body: unknown): unknown;
}

interface ErrorPage {
  title: string;
  heading?: string;
  paragraphs: string[];
  link?: { href: string; text: string };
  showRequestId?: boolean;
}

/**
 * Errors on page routes become pages on the design system (or, for "not signed in", a redirect to
 * sign in that comes back afterwards); the JSON API keeps its error body. Installed into the global
 * exception filter, and used directly by the Fastify-mounted pages.
 */
@Injectable()
export class ErrorPages implements ErrorPageResponder {
  private readonly logger = new Logger('ErrorPages');

  constructor(private readonly renderer: PageRenderer) {}

  respond(requestLike: unknown, replyLike: unknown, body: ErrorBody): boolean {
    const request = requestLike as PageRequest;
    const reply = replyLike as PageReply;
    const area = pageAreaOf(request);
    if (!area) return false;
    if (body.statusCode === 401 && (area === 'console' || area === 'queue-dashboard')) {
      // Only a page someone was looking at is worth coming back to; a form post starts again from the console.
      const method = (request.method ?? 'GET').toUpperCase();
      const returnTo = method === 'GET' || method === 'HEAD' ? safeReturnTo(request.url) : null;
      reply.status(303).header('location', signInPath(returnTo, body.code === WebErrorCode.SessionEnded ? 'expired' : undefined)).header('cache-control', 'no-store').send('');
      return true;
    }
    const page = errorPage(area, body);
    let html: string;
    try {
      html = this.renderer.render('web/error.njk', frameFor(area, page.title, request), {
        heading: page.heading ?? page.title,
        paragraphs: page.paragraphs,
        link: page.link,
        requestId: page.showRequestId ? body.requestId : null,
      });
    } catch (error) {
      // An error page that cannot render must not hide the first error: answer with the JSON body.
      this.logger.error({ msg: 'error page failed to render', code: body.code, err: error });
      return false;
    }
    reply.status(body.statusCode).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    return true;
  }
}

function frameFor(area: PageArea, title: string, request: PageRequest): PageFrame {
  const session = request.consoleSession;
  switch (area) {
    case 'console':
    case 'queue-dashboard':
      return { title, serviceName: CONSOLE_SERVICE_NAME, serviceHref: '/console', account: session ? { email: session.email, csrfToken: session.csrfToken } : null };
    case 'patient-link':
      return { title, serviceName: PATIENT_LINK_SERVICE_NAME };
    case 'staff-link':
      return { title, serviceName: STAFF_LINK_SERVICE_NAME };
  }
}

function errorPage(area: PageArea, body: ErrorBody): ErrorPage {
  const inConsole = area === 'console' || area === 'queue-dashboard';
  const home = inConsole ? { href: '/console', text: 'Go to the strike operations home page' } : undefined;
  if (body.code === WebErrorCode.CsrfTokenInvalid) {
    return {
      title: 'Your form could not be sent',
      paragraphs: ['The page it came from was open for too long, or you signed in or out in another window.', 'Go back, reload the page and try again. Nothing was changed.'],
      link: home,
    };
  }
  switch (body.statusCode) {
    case 403:
      return { title: 'You do not have access to this page', paragraphs: ['Your account does not allow this.', 'If you need it, ask a national strike operations administrator.'], link: home };
    case 404:
      return {
        title: 'Page not found',
        paragraphs: ['If you typed the web address, check it was correct.', 'If you pasted the web address, check you copied the entire address.'],
        link: home,
      };
    case 429:
      return { title: 'Too many attempts', paragraphs: ['You have tried too many times in a short time.', 'Wait a minute, then try again.'], link: home };
    default:
      if (body.statusCode >= 500 || body.code === CommonErrorCode.Internal) {
        return { title: 'Sorry, there is a problem with the service', paragraphs: ['Try again later.', 'Nothing you sent has been saved unless the page said so.'], link: home, showRequestId: true };
      }
      return { title: 'Sorry, we could not do that', paragraphs: [body.message, ...body.details.map((detail) => `${detail.field}: ${detail.message}`)], link: home, showRequestId: true };
  }
}
