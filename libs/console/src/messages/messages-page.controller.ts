import { isUuid, toCsv, UuidParam } from '@app/core';
import { ConsolePage, ConsoleSession, CurrentSession, PageReply, sendDownload } from '@app/web';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ConsolePages } from '../console-pages';
import { MessagesPageService } from './messages-page.service';

@ApiTags('console')
@Controller('console/trusts/:trustId/messages')
export class MessagesPageController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly messages: MessagesPageService,
  ) {}

  /** Trust admins only: the at-risk list carries patients' phone numbers (viewers never see contact details). */
  @ConsolePage('write')
  @Get()
  @ApiOperation({ summary: 'Messages: per lane queued, sending, delivered and failed; when the last notice goes; the at-risk call list (HTML; trust admins)' })
  @ApiOkResponse({ description: 'The messages page' })
  async page(@Param('trustId', UuidParam) trustId: string, @Query('walkout') walkout: unknown, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const walkoutId = typeof walkout === 'string' && isUuid(walkout) ? walkout.toLowerCase() : null;
    const [trust, view] = await Promise.all([this.pages.trust(trustId), this.messages.page(trustId, walkoutId)]);
    this.pages.send(reply, 200, 'console/messages.njk', { title: 'Messages', session, trust, section: 'messages' }, { ...view, columnWidth: 'full' });
  }

  /** The whole call list (the page shows the soonest AT_RISK_PAGE_ROWS): trust admins only, as the page. */
  @ConsolePage('write')
  @Get(':walkoutId/call-list.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Everyone whose notice will go after their appointment at the current rate, with their contact details, as CSV (trust admins)' })
  @ApiOkResponse({ description: 'CSV' })
  async callListCsv(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Res() reply: PageReply): Promise<void> {
    const people = await this.messages.callListOfWalkout(trustId, walkoutId);
    const text = toCsv([
      ['name', 'nhsNumber', 'mobile', 'email', 'appointment', 'noticeWouldGo'],
      ...people.map((p) => [p.name, p.nhsNumber.replace(/ /g, ''), p.phone, p.email, p.deadline, p.expectedAt]),
    ]);
    sendDownload(reply, 'text/csv', `call-list-${walkoutId}.csv`, text);
  }
}
