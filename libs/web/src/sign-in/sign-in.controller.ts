import { ApiErrors, AuthError, AuthErrorCode, ClientAddress, CommonError, CommonErrorCode, newLinkTokens } from '@app/core';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiSeeOtherResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FieldProblem, formErrors } from '../rendering/form-errors';
import { PageRenderer } from '../rendering/page-renderer';
import { PageReply, sendPage, sendRedirect } from '../rendering/page-reply';
import { CONSOLE_SERVICE_NAME } from '../rendering/page-title';
import { ConsolePage, CurrentSession, SignInForm } from '../session/console-page.decorators';
import { ConsoleSession, ConsoleSessionService } from '../session/console-session.service';
import { safeReturnTo } from '../session/return-to';
import { CookieReply, CookieRequest, SessionCookies } from '../session/session-cookies';
import { WebError, WebErrorCode } from '../web.errors';
import { parseSignInForm } from './sign-in-form';

type Reply = PageReply & CookieReply;

/** Every answer of these routes is a page, errors included. */
const PAGE = { 'text/html': { schema: { type: 'string' } } };

/**
 * Sign-in and sign-out of the console (`/console/login`), with the API's users and passwords. The
 * sign-in is AuthService.signIn (through ConsoleSessionService.signIn): the same limits per address and
 * per account as the JSON route, counted together.
 */
@ApiTags('console')
@Controller('console')
export class SignInController {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly cookies: SessionCookies,
    private readonly renderer: PageRenderer,
  ) {}

  @SignInForm()
  @Get('login')
  @ApiOperation({ summary: 'The console sign-in page (HTML)', description: 'Already signed in: 303 to `returnTo` (a console or queue dashboard path) or `/console`.' })
  @ApiOkResponse({ description: 'The sign-in form' })
  @ApiSeeOtherResponse({ description: 'Already signed in' })
  async showSignIn(
    @Query('returnTo') returnTo: unknown,
    @Query('notice') notice: unknown,
    @CurrentSession() session: ConsoleSession | null,
    @Res() reply: Reply,
  ): Promise<void> {
    const destination = safeReturnTo(returnTo);
    if (session) return sendRedirect(reply, destination ?? '/console');
    const [token] = newLinkTokens(1);
    this.cookies.setSignInToken(reply, token.token);
    sendPage(reply, 200, this.page(token.token, destination, [], '', notice === 'signed-out' || notice === 'expired' ? notice : null));
  }

  @SignInForm()
  @Post('login')
  @ApiOperation({ summary: 'Sign in to the console (HTML form)', description: 'Form fields `email`, `password`, `_csrf` (from the sign-in page) and optional `returnTo`. Success: 303 with the session cookie.' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiSeeOtherResponse({ description: 'Signed in: on to `returnTo` or `/console`' })
  @ApiBadRequestResponse({ description: 'The form again, with the NHS error summary naming the empty or malformed fields', content: PAGE })
  @ApiUnauthorizedResponse({ description: 'The form again: email address or password is wrong, or the account is disabled', content: PAGE })
  @ApiForbiddenResponse({ description: 'Sent without the sign-in page’s CSRF token', content: PAGE })
  @ApiErrors(WebError, WebErrorCode.CsrfTokenInvalid)
  @ApiErrors(AuthError, AuthErrorCode.AccountLocked, AuthErrorCode.AccountDisabled)
  @ApiErrors(CommonError, CommonErrorCode.RateLimited)
  async signIn(@Body() body: unknown, @Req() request: CookieRequest, @ClientAddress() clientAddress: string, @Res() reply: Reply): Promise<void> {
    const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const destination = safeReturnTo(fields.returnTo);
    const token = this.cookies.signInToken(request) ?? '';
    const form = parseSignInForm(body);
    if (!form.ok) return sendPage(reply, 400, this.page(token, destination, form.problems, form.email, null));
    let cookieValue: string;
    try {
      ({ cookieValue } = await this.sessions.signIn(form.value.email, form.value.password, clientAddress));
      // Signing in again (as the same or another user) ends the session the browser had.
      await this.sessions.signOut(this.cookies.session(request));
    } catch (error) {
      if (error instanceof AuthError && error.code === AuthErrorCode.InvalidCredentials) {
        return sendPage(reply, 401, this.page(token, destination, [{ field: 'email', message: 'Enter a correct email address and password' }], form.value.email, null));
      }
      if (error instanceof AuthError && error.code === AuthErrorCode.AccountDisabled) {
        return sendPage(reply, 401, this.page(token, destination, [{ field: 'email', message: 'This account is disabled: ask your trust admin or a national admin to enable it' }], form.value.email, null));
      }
      throw error;
    }
    this.cookies.setSession(reply, cookieValue);
    this.cookies.clearSignInToken(reply);
    sendRedirect(reply, destination ?? '/console');
  }

  @ConsolePage()
  @Post('logout')
  @ApiOperation({ summary: 'Sign out of the console (HTML form)', description: 'Ends the session on the server and clears its cookie; 303 to the sign-in page.' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiSeeOtherResponse({ description: 'Signed out' })
  @ApiForbiddenResponse({ description: 'Sent without the session’s CSRF token', content: PAGE })
  @ApiErrors(WebError, WebErrorCode.CsrfTokenInvalid)
  async signOut(@Req() request: CookieRequest, @Res() reply: Reply): Promise<void> {
    await this.sessions.signOut(this.cookies.session(request));
    this.cookies.clearSession(reply);
    sendRedirect(reply, '/console/login?notice=signed-out');
  }

  private page(csrfToken: string, returnTo: string | null, problems: FieldProblem[], email: string, notice: 'signed-out' | 'expired' | null): string {
    const errors = formErrors(problems);
    return this.renderer.render(
      'web/sign-in.njk',
      { title: 'Sign in', serviceName: CONSOLE_SERVICE_NAME, serviceHref: '/console', errorSummary: errors.summary },
      { csrfToken, returnTo, errors: errors.byField, values: { email }, notice },
    );
  }
}
