import { Public } from '@app/core';
import { PageReply, sendPage } from '@app/web';
import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PatientLinkPages } from './patient-link-page';
import { LinkAnswer, PatientLinkService } from './patient-link.service';

/**
 * A patient's rebooking offer: `GET /r/:token` shows it (or, once confirmed, the appointment), the two
 * forms post the answer. No login: the token in the path is the credential, so pages are never cached
 * and never indexed.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class PatientLinkController {
  constructor(
    private readonly links: PatientLinkService,
    private readonly pages: PatientLinkPages,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    const state = await this.links.view(token);
    if (!state) return sendPage(reply, 404, this.pages.linkNotFound());
    sendPage(reply, 200, state.kind === 'offer' ? this.pages.offer(state.view, token) : this.pages.confirmed(state.view, false));
  }

  @Post(':token/confirm')
  async confirm(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, 'confirm', reply);
  }

  @Post(':token/decline')
  async decline(@Param('token') token: string, @Res() reply: PageReply): Promise<void> {
    return this.answer(token, 'decline', reply);
  }

  private async answer(token: string, answer: LinkAnswer, reply: PageReply): Promise<void> {
    const view = await this.links.answer(token, answer);
    if (!view) return sendPage(reply, 404, this.pages.linkNotFound());
    sendPage(reply, 200, answer === 'confirm' ? this.pages.confirmed(view, true) : this.pages.declined(view));
  }
}
