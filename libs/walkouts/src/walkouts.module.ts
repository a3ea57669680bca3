import { OrganisationsModule } from '@app/organisations';
import { Module } from '@nestjs/common';
import { SitrepController } from './sitreps/sitrep.controller';
import { SitrepRepository } from './sitreps/sitrep.repository';
import { SitrepService } from './sitreps/sitrep.service';
import { WorkforceSitrepSection } from './sitreps/workforce-sitrep.section';
import { WalkoutController } from './walkouts/walkout.controller';
import { WalkoutRepository } from './walkouts/walkout.repository';
import { WalkoutService } from './walkouts/walkout.service';
import { WalkoutReads } from './walkouts/walkout-reads';

@Module({
  imports: [OrganisationsModule],
  controllers: [WalkoutController, SitrepController],
  providers: [WalkoutRepository, WalkoutService, SitrepRepository, WorkforceSitrepSection, SitrepService, WalkoutReads],
  exports: [WalkoutService, SitrepService, WalkoutReads],
})
export class WalkoutsModule {}
