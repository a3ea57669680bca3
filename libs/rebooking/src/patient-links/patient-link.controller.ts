import { Public } from '@app/core';
import { PageReply, sendPage } from '@app/web';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PatientLinkPages } from './patient-link-pages';
import { LinkAnswer, PatientLinkService } from './patient-link.service';

const PAGE = { 'text/html': { schema: { type: 'string' } } };
const LINK_GONE = { description: 'The "this link does not work any more" page: unknown token, or the offer was declined, has expired or its appointment has passed', content: PAGE };
const OPTIONS = ['0', '1', '2'];

/** The chosen date of the offer page's form (`option=0|1|2`), or null when none (or nonsense) was sent. */
function chosenOption(body: unknown): number | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).option : undefined;
  return typeof value === 'string' && OPTIONS.includes(value) ? Number(value) : null;
}

/**
 * A patient's rebooking offer: `GET /r/:token` shows it (or, once confirmed, the appointment), the
 * forms post the answer: a date chosen among the offer's (docs/domain.md "Choice and holds"), a decline,
 * or a request to be called. No login: the token in the path is the credential, so pages are never
 * cached and never indexed, and a form from another site cannot post an answer (it cannot know the token).
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
  @ApiOkResponse({ description: 'The offer (its dates — the booked one and up to two held alternatives — with a choose, a decline and a call-me form), or once confirmed the appointment, until it has passed', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'A patient’s rebooking offer page (token link)' })
  async show(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    const state = await this.links.view(token);
    if (!state) return sendPage(reply, 404, this.pages.linkNotFound());
    sendPage(reply, 200, state.kind === 'offer' ? this.pages.offer(state.view, token) : this.pages.confirmed(state.view, false));
  }

  @Post(':token/choose')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ description: 'The offer page’s form', schema: { type: 'object', required: ['option'], properties: { option: { type: 'string', enum: OPTIONS, description: '0: the booked date; 1, 2: an alternative held for the patient' } } } })
  @ApiOkResponse({ description: 'The confirmation page of the chosen date (choosing again shows the date already chosen and changes nothing)', content: PAGE })
  @ApiBadRequestResponse({ description: 'The offer page again, with the problem: no date chosen, or the date has just been taken or has started (the other dates are unchanged)', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Choose one of the offer’s dates (token link; the offer page’s form)' })
  async choose(@Param('token') token: string, @Body() body: unknown, @Res() reply: PageReply): Promise<void> {
    const option = chosenOption(body);
    if (option === null) {
      const state = await this.links.view(token);
      if (!state) return sendPage(reply, 404, this.pages.linkNotFound());
      if (state.kind === 'confirmed') return sendPage(reply, 200, this.pages.confirmed(state.view, false));
      return sendPage(reply, 400, this.pages.offer(state.view, token, { noChoice: true }));
    }
    return this.answer(token, { kind: 'choose', option }, reply);
  }

  @Post(':token/confirm')
  @ApiOkResponse({ description: 'The confirmation page (a second confirm shows it again and changes nothing)', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Confirm the offered (booked) date (token link; the form of an offer without alternatives)' })
  async confirm(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, { kind: 'choose', option: 0 }, reply);
  }

  @Post(':token/decline')
  @ApiOkResponse({ description: 'The page saying the trust will offer other dates, and whether the decline counts against the patient', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Decline every date of the offer and ask for others (token link)' })
  async decline(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, { kind: 'decline' }, reply);
  }

  @Post(':token/call')
  @ApiOkResponse({ description: 'The page saying the hospital will call; the dates stay as they are and can still be chosen', content: PAGE })
  @ApiNotFoundResponse(LINK_GONE)
  @ApiOperation({ summary: 'Ask to be called about the offer (token link)' })
  async call(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, { kind: 'call' }, reply);
  }

  private async answer(token: string, answer: LinkAnswer, reply: PageReply): Promise<void> {
    const outcome = await this.links.answer(token, answer);
    if (!outcome) return sendPage(reply, 404, this.pages.linkNotFound());
    switch (outcome.kind) {
      case 'chosen':
        return sendPage(reply, 200, this.pages.confirmed(outcome.view, outcome.justNow, !outcome.justNow));
      case 'declined':
        return sendPage(reply, 200, this.pages.declined(outcome.view));
      case 'call-requested':
        return sendPage(reply, 200, this.pages.callRequested(outcome.view, token));
      case 'refused':
        return sendPage(reply, 400, this.pages.offer(outcome.view, token, { refusal: outcome.reason }));
    }
  }
}
