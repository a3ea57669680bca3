import { ApiErrors, APP_CONFIG, AppConfig, CommonError, CommonErrorCode, Public } from '@app/core';
import { PageReply, sendLinkJson, sendPage, wantsHtml } from '@app/web';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DeclarationService, DeclarationView } from '../declarations/declaration.service';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';
import { DeclarationAnswerDto, DeclarationAnswerResponseDto, parseDeclarationAnswer } from './declaration-link.dto';
import { DeclarationLinkPages } from './declaration-page';

const isCode = (error: unknown, code: string): error is WalkoutError | CommonError => (error instanceof WalkoutError || error instanceof CommonError) && error.code === code;

/**
 * A staff member's daily declaration link (docs/api.md, "The link pages"): no login — the token in the
 * path is the key, so it never appears in logs and the pages are sent no-store.
 */
@ApiTags('staff links')
@Controller('d')
export class DeclarationLinkController {
  private readonly basePath: string;

  constructor(
    private readonly declarations: DeclarationService,
    private readonly pages: DeclarationLinkPages,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.basePath = new URL(config.publicBaseUrl).pathname.replace(/\/+$/, '');
  }

  @Public()
  @Get(':token')
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'The declaration page: the day asked about and the yes/no form (a browser gets the not-found page as HTML)' })
  @ApiOperation({ summary: 'A staff member’s daily declaration page: taking part in the walkout that day? (token link)' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.DeclarationLinkNotFound)
  async page(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() reply: PageReply): Promise<void> {
    let view: DeclarationView;
    try {
      view = await this.declarations.view(token);
    } catch (error) {
      if (isCode(error, WalkoutErrorCode.DeclarationLinkNotFound) && wantsHtml(accept, true)) return sendPage(reply, 404, this.pages.notFound());
      throw error;
    }
    sendPage(reply, 200, this.pages.declaration(token, view, { basePath: this.basePath }));
  }

  @Public()
  @Post(':token/answer')
  @HttpCode(200)
  @ApiBody({ type: DeclarationAnswerDto, description: 'JSON, or the page’s form (application/x-www-form-urlencoded: answer=yes|no)' })
  @ApiOkResponse({ type: DeclarationAnswerResponseDto, description: 'JSON clients; a form post gets the page back (errors too)' })
  @ApiOperation({ summary: 'Answer a daily declaration: taking part that day, or working (token link)' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.DeclarationLinkNotFound)
  @ApiErrors(CommonError, CommonErrorCode.ValidationFailed)
  async answer(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Body() body: unknown, @Res() reply: PageReply): Promise<void> {
    const html = wantsHtml(accept, false);
    try {
      const parsed = parseDeclarationAnswer(body);
      if (!parsed.ok) {
        // The link is checked before the body, so a stale link says "not found" whatever was sent.
        const view = await this.declarations.view(token);
        if (html) return sendPage(reply, 400, this.pages.declaration(token, view, { basePath: this.basePath, errors: parsed.details }));
        throw CommonError.validation(parsed.details, 'The answer is not valid');
      }
      const view = await this.declarations.answerByLink(token, parsed.answer);
      if (html) return sendPage(reply, 200, this.pages.declaration(token, view, { basePath: this.basePath, saved: true }));
      sendLinkJson(reply, { day: view.day.date, answer: parsed.answer });
    } catch (error) {
      if (html && isCode(error, WalkoutErrorCode.DeclarationLinkNotFound)) return sendPage(reply, 404, this.pages.notFound());
      throw error;
    }
  }
}
