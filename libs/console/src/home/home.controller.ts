import { Role, UuidParam } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { ConsolePage, ConsoleSession, CurrentSession, PageReply, sendRedirect } from '@app/web';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { ConsolePages } from '../console-pages';
import { HomePageService } from './home-page.service';

/** The most trusts the picker lists on one page (there are about 200 NHS trusts in England). */
const TRUST_PICKER_LIMIT = 250;

/** Where a signed-in user lands: their trust, or for a national admin the trust picker. */
@ApiTags('console')
@Controller('console')
export class HomeController {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly home: HomePageService,
    private readonly pages: ConsolePages,
  ) {}

  @ConsolePage()
  @Get()
  @ApiOperation({ summary: 'The console landing page (HTML)', description: 'National admins pick a trust; a trust user goes straight to their trust (303). Not signed in: 303 to `/console/login`.' })
  @ApiOkResponse({ description: 'The trust picker' })
  @ApiSeeOtherResponse({ description: 'On to the trust of a trust user, or to sign in' })
  async landing(@CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    if (session.user.role !== Role.NationalAdmin && session.user.trustId) return sendRedirect(reply, `/console/trusts/${session.user.trustId}`);
    const trusts = await this.organisations.listTrusts(session.user, TRUST_PICKER_LIMIT);
    this.pages.send(reply, 200, 'console/home.njk', { title: 'Choose a trust', session }, {
      trusts: trusts.items.map((trust) => ({ id: trust.id, name: trust.name, odsCode: trust.odsCode })),
      more: trusts.nextCursor !== null,
    });
  }

  @ConsolePage()
  @Get('trusts/:trustId')
  @ApiOperation({ summary: 'A trust’s console home: its walkouts coming, in progress and past (HTML)', description: 'Another trust’s page is a 404 page, as in the API.' })
  @ApiOkResponse({ description: 'The trust’s home page' })
  @ApiNotFoundResponse({ description: 'No such trust, or another trust’s' })
  async trust(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const trust = await this.pages.trust(trustId);
    const view = await this.home.trustHome(trustId);
    this.pages.send(reply, 200, 'console/trust.njk', { title: trust.name, session, trust, section: 'walkouts' }, { ...view });
  }
}
