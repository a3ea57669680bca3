import { OrganisationsModule } from '@app/organisations';
import { Module } from '@nestjs/common';
import { DeclarationRepository } from './declarations/declaration.repository';
import { DeclarationService } from './declarations/declaration.service';
import { ParticipationController } from './participation/participation.controller';
import { ParticipationRepository } from './participation/participation.repository';
import { ParticipationService } from './participation/participation.service';
import { SitrepController } from './sitreps/sitrep.controller';
import { SitrepRepository } from './sitreps/sitrep.repository';
import { SitrepService } from './sitreps/sitrep.service';
import { WorkforceSitrepSection } from './sitreps/workforce-sitrep.section';
import { WalkoutController } from './walkouts/walkout.controller';
import { WalkoutRepository } from './walkouts/walkout.repository';
import { WalkoutService } from './walkouts/walkout.service';
import { WalkoutReads } from './walkouts/walkout-reads';

/**
 * Walkouts, participation per day, sitreps, declarations and the read port. Imported by the worker's
 * modules too, so it holds no pages: the declaration link pages are WalkoutLinksModule's (the API's).
 */
@Module({
  imports: [OrganisationsModule],
  controllers: [WalkoutController, ParticipationController, SitrepController],
  providers: [
    WalkoutRepository,
    WalkoutService,
    ParticipationRepository,
    ParticipationService,
    DeclarationRepository,
    DeclarationService,
    SitrepRepository,
    WorkforceSitrepSection,
    SitrepService,
    WalkoutReads,
  ],
  exports: [WalkoutService, SitrepService, WalkoutReads, DeclarationService, ParticipationService],
})
export class WalkoutsModule {}
