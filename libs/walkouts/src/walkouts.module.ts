import { OrganisationsModule } from '@app/organisations';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WalkoutEntity } from './entities/walkout.entity';
import { SitrepController } from './sitrep/sitrep.controller';
import { SitrepRepository } from './sitrep/sitrep.repository';
import { SitrepService } from './sitrep/sitrep.service';
import { WorkforceSitrepSection } from './sitrep/workforce-sitrep.section';
import { WalkoutController } from './walkout.controller';
import { WalkoutRepository } from './walkout.repository';
import { WalkoutService } from './walkout.service';
import { WalkoutReads } from './walkouts/walkout-reads';

@Module({
  imports: [TypeOrmModule.forFeature([WalkoutEntity]), OrganisationsModule],
  controllers: [WalkoutController, SitrepController],
  providers: [WalkoutRepository, WalkoutService, SitrepRepository, WorkforceSitrepSection, SitrepService, WalkoutReads],
  exports: [WalkoutService, SitrepService, WalkoutReads],
})
export class WalkoutsModule {}
