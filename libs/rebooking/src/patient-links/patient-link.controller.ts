import { Public } from '@app/core';
import { PageReply, sendPage } from '@app/web';
import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PatientLinkPages } from './patient-link-pages';
import { LinkAnswer, PatientLinkService } from './patient-link.service';

const PAGE = { 'text/html': { schema: { type: 'string' } } };
const LINK_GONE = { description: 'The "this link does not work any more" page: unknown token, or the offer was declined, has expired or its appointment has passed', content: PAGE };

/**
 * A patient's rebooking offer: `GET /r/:token` shows it (or, once confirmed, the appointment), the two
 * forms post the answer. No login: the token in the path is the credential, so pages are never cached
 * and never indexed.
 */
@ApiTags('patient links')
@ApiProduces('text/html')
@Public()
@Controller('r')
export class PatientLinkController {
  constructor(
    private readonly links: PatientLinkService,
    private readonly pages: PatientLinkPages,
  ) {}

  @Get(':token')
  @ApiOkResponse({ description: 'The offer (the new date, time and place, with a confirm and a decline form), or once confirmed the appointment, until it has passed', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'A patient’s rebooking offer page (token link)' })
  async show(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    const state = await this.links.view(token);
    if (!state) return sendPage(reply, 404, this.pages.linkNotFound());
    sendPage(reply, 200, state.kind === 'offer' ? this.pages.offer(state.view, token) : this.pages.confirmed(state.view, false));
  }

  @Post(':token/confirm')
  @ApiOkResponse({ description: 'The confirmation page (a second confirm shows it again and changes nothing)', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Confirm the offered appointment (token link; the offer page’s form)' })
  async confirm(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, 'confirm', reply);
  }

  @Post(':token/decline')
  @ApiOkResponse({ description: 'The page saying the trust will offer another date', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Decline the offered appointment and ask for another date (token link)' })
  async decline(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, 'decline', reply);
  }

  private async answer(token: string, answer: LinkAnswer, reply: PageReply): Promise<void> {
    const view = await this.links.answer(token, answer);
    if (!view) return sendPage(reply, 404, this.pages.linkNotFound());
    sendPage(reply, 200, answer === 'confirm' ? this.pages.confirmed(view, true) : this.pages.declined(view));
  }
}
