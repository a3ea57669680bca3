import { Role, UuidParam } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { CONSOLE_SERVICE_NAME, ConsolePage, ConsoleSession, CurrentSession, PageReply, PageRenderer, sendPage, sendRedirect } from '@app/web';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';

/** The most trusts the picker lists on one page (there are about 200 NHS trusts in England). */
const TRUST_PICKER_LIMIT = 250;

/** Where a signed-in user lands: their trust, or for a national admin the trust picker. */
@ApiTags('console')
@Controller('console')
export class ConsoleHomeController {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly renderer: PageRenderer,
  ) {}

  @ConsolePage()
  @Get()
  @ApiOperation({ summary: 'The console landing page (HTML)', description: 'National admins pick a trust; a trust user goes straight to their trust (303). Not signed in: 303 to `/console/login`.' })
  @ApiOkResponse({ description: 'The trust picker' })
  @ApiSeeOtherResponse({ description: 'On to the trust of a trust user, or to sign in' })
  async home(@CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    if (session.user.role !== Role.NationalAdmin && session.user.trustId) return sendRedirect(reply, `/console/trusts/${session.user.trustId}`);
    const trusts = await this.organisations.listTrusts(session.user, TRUST_PICKER_LIMIT);
    sendPage(
      reply,
      200,
      this.renderer.render(
        'console/home.njk',
        { title: 'Choose a trust', serviceName: CONSOLE_SERVICE_NAME, serviceHref: '/console', account: accountOf(session) },
        { trusts: trusts.items.map((trust) => ({ id: trust.id, name: trust.name, odsCode: trust.odsCode })), more: trusts.nextCursor !== null, user: userOf(session) },
      ),
    );
  }

  @ConsolePage()
  @Get('trusts/:trustId')
  @ApiOperation({ summary: 'A trust’s console home page (HTML)', description: 'Another trust’s page is a 404 page, as in the API.' })
  @ApiOkResponse({ description: 'The trust’s home page' })
  @ApiNotFoundResponse({ description: 'No such trust, or another trust’s' })
  async trust(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const trust = await this.organisations.getTrust(trustId);
    sendPage(
      reply,
      200,
      this.renderer.render(
        'console/trust.njk',
        { title: trust.name, serviceName: CONSOLE_SERVICE_NAME, serviceHref: '/console', organisationName: trust.name, account: accountOf(session) },
        { trust: { id: trust.id, name: trust.name, odsCode: trust.odsCode }, user: userOf(session), national: session.user.role === Role.NationalAdmin },
      ),
    );
  }
}

function accountOf(session: ConsoleSession): { email: string; csrfToken: string } {
  return { email: session.email, csrfToken: session.csrfToken };
}

const ROLE_NAMES: Record<Role, string> = {
  [Role.NationalAdmin]: 'National administrator',
  [Role.TrustAdmin]: 'Trust administrator',
  [Role.TrustViewer]: 'Trust viewer (read only)',
};

function userOf(session: ConsoleSession): { email: string; roleName: string } {
  return { email: session.email, roleName: ROLE_NAMES[session.user.role] };
}
