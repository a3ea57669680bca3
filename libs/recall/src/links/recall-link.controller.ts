import { ApiErrors, APP_CONFIG, AppConfig, CommonError, CommonErrorCode, Public } from '@app/core';
import { sendPage } from '@app/web';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RecallAnswerDto, RecallAnswerResponseDto, toRecallAnswerResponse } from './recall-link.dto';
import { RecallAnswerSource } from './recall-answer';
import { RecallLinkPages } from './recall-page';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallLinkService, RecallLinkView } from './recall-link.service';

/** The part of Fastify's reply these routes use. */
interface HtmlReply {
  status(code: number): HtmlReply;
  header(name: string, value: string): HtmlReply;
  send(body: unknown): unknown;
}

function sourceOf(contentType: string | undefined): RecallAnswerSource {
  if (contentType && /^\s*application\/json\s*(;|$)/i.test(contentType)) return 'json';
  if (contentType && /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return 'form';
  return 'other';
}

/** A browser gets pages (errors too); a JSON client gets JSON and the usual error body. */
function wantsHtml(accept: string | undefined, fallback: boolean): boolean {
  const value = (accept ?? '').toLowerCase();
  if (value.includes('text/html')) return true;
  if (value.includes('application/json')) return false;
  return fallback;
}

function isCode(error: unknown, code: string): error is RecallError | CommonError {
  return (error instanceof RecallError || error instanceof CommonError) && error.code === code;
}

/**
 * A staff member's recall link (docs/api.md "The link pages"): a plain page with the answer form, and the answer
 * itself. No login — the token in the path is the key, so it never appears in logs (the access log
 * records the route pattern) and the pages are sent with no-store and no-referrer.
 */
@ApiTags('staff links')
@Controller('s')
export class RecallLinkController {
  private readonly basePath: string;

  constructor(
    private readonly links: RecallLinkService,
    private readonly pages: RecallLinkPages,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.basePath = new URL(config.publicBaseUrl).pathname.replace(/\/+$/, '');
  }

  @Public()
  @Get(':token')
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'The recall page: what happened, where to report, and the answer form (a browser gets the not-found page as HTML)' })
  @ApiOperation({ summary: 'A staff member’s recall page (token link)' })
  @ApiErrors(RecallError, RecallErrorCode.RecallLinkNotFound)
  async page(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() reply: HtmlReply): Promise<void> {
    let view: RecallLinkView;
    try {
      view = await this.links.view(token);
    } catch (error) {
      if (isCode(error, RecallErrorCode.RecallLinkNotFound) && wantsHtml(accept, true)) return this.html(reply, 404, this.pages.notFound());
      throw error;
    }
    this.html(reply, 200, this.pages.recall({ ...view, token }, { basePath: this.basePath }));
  }

  @Public()
  @Post(':token/respond')
  @HttpCode(200)
  @ApiBody({ type: RecallAnswerDto, description: 'JSON, or the page’s form (application/x-www-form-urlencoded: attending=true|false, etaMinutes)' })
  @ApiOkResponse({ type: RecallAnswerResponseDto, description: 'JSON clients; a form post gets the page back (errors too)' })
  @ApiOperation({ summary: 'Answer a recall: attending with an ETA, or unavailable (token link)' })
  @ApiErrors(RecallError, RecallErrorCode.RecallLinkNotFound)
  async respond(
    @Param('token') token: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: unknown,
    @Res() reply: HtmlReply,
  ): Promise<void> {
    const source = sourceOf(contentType);
    // Browsers send Accept: text/html with a form post; anything else gets JSON and the error body.
    const html = wantsHtml(accept, false);
    let view: RecallLinkView;
    try {
      view = await this.links.respond(token, body, source);
    } catch (error) {
      if (html && isCode(error, RecallErrorCode.RecallLinkNotFound)) return this.html(reply, 404, this.pages.notFound());
      if (html && source === 'form' && isCode(error, CommonErrorCode.ValidationFailed)) {
        const current = await this.links.view(token);
        const values = body as Record<string, unknown>;
        return this.html(
          reply,
          400,
          this.pages.recall(
            { ...current, token },
            { basePath: this.basePath, errors: error.details, values: { attending: typeof values.attending === 'string' ? values.attending : undefined, etaMinutes: typeof values.etaMinutes === 'string' ? values.etaMinutes : undefined } },
          ),
        );
      }
      throw error;
    }
    if (html) return this.html(reply, 200, this.pages.recall({ ...view, token }, { basePath: this.basePath, saved: true }));
    reply.status(200).header('cache-control', 'no-store').send(toRecallAnswerResponse(view));
  }

  private html(reply: HtmlReply, status: number, page: string): void {
    sendPage(reply, status, page);
  }
}
