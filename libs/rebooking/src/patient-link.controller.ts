import { Public } from '@app/core';
import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { confirmedPage, declinedPage, linkNotFoundPage, offerPage, OfferPageView } from './patient-link-page';
import { LinkAnswer, PatientLinkService } from './patient-link.service';

interface HtmlReply {
  status(code: number): HtmlReply;
  header(name: string, value: string): HtmlReply;
}

/**
 * A patient's rebooking offer: `GET /r/:token` shows it, the two forms post the answer. No login: the
 * token in the path is the credential, so pages are never cached and never indexed.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class PatientLinkController {
  constructor(private readonly links: PatientLinkService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res({ passthrough: true }) reply: HtmlReply): Promise<string> {
    const view = await this.links.view(token);
    return html(reply, view, (v) => offerPage(v, token));
  }

  @Post(':token/confirm')
  @HttpCode(200)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) reply: HtmlReply): Promise<string> {
    return this.answer(token, 'confirm', reply);
  }

  @Post(':token/decline')
  @HttpCode(200)
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
