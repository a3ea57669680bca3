import { ApiErrors, APP_CONFIG, AppConfig, CommonError, Public } from '@app/core';
import { answerTokenLink, PageReply, sendLinkJson, sendPage, wantsHtml } from '@app/web';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CoverRequestService, CoverRequestView } from '../requests/cover-request.service';
import { CoverRequestAnswerDto, CoverRequestResponseDto, toCoverRequestResponse } from './cover-request-link.dto';
import { CoverRequestPages } from './cover-request-page';

const isCode = (error: unknown, code: string): error is CoverError | CommonError => (error instanceof CoverError || error instanceof CommonError) && error.code === code;

/**
 * A consultant's cover request link (docs/api.md "The link pages"): the shifts asked of them, each to
 * accept or decline. No login and no session (so no CSRF token: nothing ambient authorises a post, the
 * token in the path is the whole credential); it never appears in logs (the access log records the route
 * pattern) and pages are sent with no-store.
 */
@ApiTags('staff links')
@Controller('c')
export class CoverRequestLinkController {
  private readonly basePath: string;

  constructor(
    private readonly requests: CoverRequestService,
    private readonly pages: CoverRequestPages,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.basePath = new URL(config.publicBaseUrl).pathname.replace(/\/+$/, '');
  }

  @Public()
  @Get(':token')
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: CoverRequestResponseDto, description: 'The cover request page: the shifts asked, each to accept or decline (JSON with Accept: application/json)' })
  @ApiOperation({ summary: 'A consultant’s cover request (token link)' })
  @ApiErrors(CoverError, CoverErrorCode.RequestLinkNotFound)
  async page(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() reply: PageReply): Promise<void> {
    const html = wantsHtml(accept, true);
    let view: CoverRequestView;
    try {
      view = await this.requests.view(token);
    } catch (error) {
      if (html && isCode(error, CoverErrorCode.RequestLinkNotFound)) return sendPage(reply, 404, this.pages.notFound());
      throw error;
    }
    if (html) return sendPage(reply, 200, this.pages.request({ ...view, token }, { basePath: this.basePath }));
    sendLinkJson(reply, toCoverRequestResponse(view));
  }

  @Public()
  @Post(':token/respond')
  @HttpCode(200)
  @ApiBody({ type: CoverRequestAnswerDto, description: 'JSON, or the page’s form (application/x-www-form-urlencoded: answer-<assignmentId>=accept|decline)' })
  @ApiOkResponse({ type: CoverRequestResponseDto, description: 'Each shift’s state after the answer (a form post gets the page back, errors too)' })
  @ApiOperation({ summary: 'Accept or decline the shifts of a cover request (token link)' })
  @ApiErrors(CoverError, CoverErrorCode.RequestLinkNotFound)
  async respond(
    @Param('token') token: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: unknown,
    @Res() reply: PageReply,
  ): Promise<void> {
    return answerTokenLink({
      reply,
      accept,
      contentType,
      answer: (source) => this.requests.respond(token, body, source),
      isLinkNotFound: (error) => isCode(error, CoverErrorCode.RequestLinkNotFound),
      notFoundPage: () => this.pages.notFound(),
      invalidFormPage: async (errors) => this.pages.request({ ...(await this.requests.view(token)), token }, { basePath: this.basePath, errors }),
      savedPage: (view) => this.pages.request({ ...view, token }, { basePath: this.basePath, saved: true }),
      json: toCoverRequestResponse,
    });
  }
}
