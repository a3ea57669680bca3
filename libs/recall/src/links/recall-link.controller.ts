import { ApiErrors, APP_CONFIG, AppConfig, CommonError, Public } from '@app/core';
import { answerTokenLink, PageReply, sendPage, wantsHtml } from '@app/web';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RecallAnswerDto, RecallAnswerResponseDto, toRecallAnswerResponse } from './recall-link.dto';
import { RecallLinkPages } from './recall-page';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallLinkService, RecallLinkView } from './recall-link.service';

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
  async page(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() reply: PageReply): Promise<void> {
    let view: RecallLinkView;
    try {
      view = await this.links.view(token);
    } catch (error) {
      if (isCode(error, RecallErrorCode.RecallLinkNotFound) && wantsHtml(accept, true)) return sendPage(reply, 404, this.pages.notFound());
      throw error;
    }
    sendPage(reply, 200, this.pages.recall({ ...view, token }, { basePath: this.basePath }));
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
    @Res() reply: PageReply,
  ): Promise<void> {
    return answerTokenLink({
      reply,
      accept,
      contentType,
      answer: (source) => this.links.respond(token, body, source),
      isLinkNotFound: (error) => isCode(error, RecallErrorCode.RecallLinkNotFound),
      notFoundPage: () => this.pages.notFound(),
      invalidFormPage: async (errors) => {
        // The form's own values come back, so the person sees what they typed next to its error.
        const values = (body ?? {}) as Record<string, unknown>;
        const typed = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
        return this.pages.recall({ ...(await this.links.view(token)), token }, { basePath: this.basePath, errors, values: { attending: typed('attending'), etaMinutes: typed('etaMinutes') } });
      },
      savedPage: (view) => this.pages.recall({ ...view, token }, { basePath: this.basePath, saved: true }),
      json: toRecallAnswerResponse,
    });
  }
}
