import { ConsolePage, ConsoleSession, CurrentSession, PageReply } from '@app/web';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsolePages } from '../console-pages';
import { NationalPageService } from './national-page.service';

@ApiTags('console')
@Controller('console/national')
export class NationalPageController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly national: NationalPageService,
  ) {}

  @ConsolePage('national')
  @Get()
  @ApiOperation({ summary: 'The national view: every trust’s walkouts today, rescheduled activity, staff taking part, open incidents and the sitrep roll-up (HTML; national admins)' })
  @ApiOkResponse({ description: 'The national view' })
  async page(@CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const view = await this.national.page(session.user);
    this.pages.send(reply, 200, 'console/national.njk', { title: 'National view', session, section: 'national' }, { ...view, columnWidth: 'full' });
  }
}
