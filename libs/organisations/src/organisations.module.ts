import { Module } from '@nestjs/common';
import { OrganisationController } from './trusts/organisation.controller';
import { OrganisationRepository } from './trusts/organisation.repository';
import { OrganisationService } from './trusts/organisation.service';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { PeopleService } from './people/people.service';

@Module({
  controllers: [OrganisationController, PeopleController],
  providers: [OrganisationRepository, OrganisationService, PeopleRepository, PeopleService],
  exports: [OrganisationService, PeopleService],
})
export class OrganisationsModule {}
