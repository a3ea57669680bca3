import { Module } from '@nestjs/common';
import { OrganisationController } from './trusts/organisation.controller';
import { OrganisationRepository } from './trusts/organisation.repository';
import { OrganisationService } from './trusts/organisation.service';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { PeopleService } from './people/people.service';
import { PatientNames } from './people/patient-names';
import { DepartmentKinds } from './trusts/department-kinds';
import { StaffHeadcounts } from './people/staff-headcounts';
import { IdentityLookupRepository } from './lookups/identity-lookup.repository';
import { IdentityLookupService } from './lookups/identity-lookup.service';
import { StaffReads } from './people/staff-reads';
import { PlaceReads } from './trusts/place-reads';
import { TrustDirectoryModule } from './trusts/trust-directory.module';

@Module({
  imports: [TrustDirectoryModule],
  controllers: [OrganisationController, PeopleController],
  providers: [OrganisationRepository, OrganisationService, PeopleRepository, PeopleService, PlaceReads, PatientNames, StaffReads, DepartmentKinds, StaffHeadcounts, IdentityLookupRepository, IdentityLookupService],
  exports: [OrganisationService, PeopleService, PlaceReads, PatientNames, StaffReads, DepartmentKinds, StaffHeadcounts, IdentityLookupService],
})
export class OrganisationsModule {}
