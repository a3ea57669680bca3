import { OrganisationsModule } from '@app/organisations';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WalkoutEntity } from './entities/walkout.entity';
import { WalkoutController } from './walkout.controller';
import { WalkoutRepository } from './walkout.repository';
import { WalkoutService } from './walkout.service';

@Module({
  imports: [TypeOrmModule.forFeature([WalkoutEntity]), OrganisationsModule],
  controllers: [WalkoutController],
  providers: [WalkoutRepository, WalkoutService],
  exports: [WalkoutService],
})
export class WalkoutsModule {}
