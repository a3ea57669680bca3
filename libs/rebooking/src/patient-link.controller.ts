import { Public } from '@app/core';
import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { confirmedPage, declinedPage, linkNotFoundPage, offerPage, OfferPageView } from './patient-link-page';
import { LinkAnswer, PatientLinkService } from './patient-link.service';

interface HtmlReply {
  status(code: number): HtmlReply;
  header(name: string, value: string): HtmlReply;
}

const PAGE = { 'text/html': { schema: { type: 'string' } } };
const LINK_GONE = { description: 'The "this link does not work any more" page: unknown token, or the offer was answered or has expired', content: PAGE };

/**
 * A patient's rebooking offer: `GET /r/:token` shows it, the two forms post the answer. No login: the
 * token in the path is the credential, so pages are never cached and never indexed.
 */
@ApiTags('patient links')
@ApiProduces('text/html')
@Public()
@Controller('r')
export class PatientLinkController {
  constructor(private readonly links: PatientLinkService) {}

  @Get(':token')
  @ApiOkResponse({ description: 'The offer: the new date, time and place, with a confirm and a decline form', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'A patient’s rebooking offer page (token link)' })
  async show(@Param('token') token: string, @Res({ passthrough: true }) reply: HtmlReply): Promise<string> {
    const view = await this.links.view(token);
    return html(reply, view, (v) => offerPage(v, token));
  }

  @Post(':token/confirm')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The confirmation page', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Confirm the offered appointment (token link; the offer page’s form)' })
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) reply: HtmlReply): Promise<string> {
    return this.answer(token, 'confirm', reply);
  }

  @Post(':token/decline')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The page saying the trust will offer another date', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Decline the offered appointment and ask for another date (token link)' })
  async decline(@Param('token') token: string, @Res({ passthrough: true }) reply: HtmlReply): Promise<string> {
    return this.answer(token, 'decline', reply);
  }

  private async answer(token: string, answer: LinkAnswer, reply: HtmlReply): Promise<string> {
    const view = await this.links.answer(token, answer);
    return html(reply, view, answer === 'confirm' ? confirmedPage : declinedPage);
  }
}

function html(reply: HtmlReply, view: OfferPageView | null, render: (view: OfferPageView) => string): string {
  reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
  if (!view) {
    reply.status(404);
    return linkNotFoundPage();
  }
  return render(view);
}
