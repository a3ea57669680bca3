import { CoverModule } from '@app/cover';
import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { RebookingModule } from '@app/rebooking';
import { RecallModule } from '@app/recall';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { ConsolePages } from './console-pages';
import { CoverPageService } from './cover/cover-page.service';
import { CoverPagesController } from './cover/cover-pages.controller';
import { IncidentPageService } from './incidents/incident-page.service';
import { IncidentPagesController } from './incidents/incident-pages.controller';
import { MessagesPageController } from './messages/messages-page.controller';
import { MessagesPageService } from './messages/messages-page.service';
import { NationalPageController } from './national/national-page.controller';
import { NationalPageService } from './national/national-page.service';
import { HomePageService } from './home/home-page.service';
import { HomeController } from './home/home.controller';
import { WalkoutPageService } from './walkouts/walkout-page.service';
import { WalkoutPagesController } from './walkouts/walkout-pages.controller';

/**
 * The strike cell's console (`/console`): server-rendered pages on the NHS.UK design system, signed in
 * with a session (libs/web). One folder per page; each page's service builds its view from the other
 * libs' own services, so every rule of the JSON API holds on the page too.
 */
@Module({
  imports: [OrganisationsModule, WalkoutsModule, RebookingModule, CoverModule, RecallModule, NotificationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [HomeController, WalkoutPagesController, CoverPagesController, IncidentPagesController, MessagesPageController, NationalPageController],
  providers: [ConsolePages, HomePageService, WalkoutPageService, CoverPageService, IncidentPageService, MessagesPageService, NationalPageService],
})
export class ConsoleModule {}
