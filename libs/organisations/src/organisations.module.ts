import { Module } from '@nestjs/common';
import { StaffReads } from './people/staff-reads';
import { PlaceReads } from './trusts/place-reads';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentEntity } from './entities/department.entity';
import { PatientEntity } from './entities/patient.entity';
import { SiteEntity } from './entities/site.entity';
import { StaffEntity } from './entities/staff.entity';
import { TrustEntity } from './entities/trust.entity';
import { OrganisationController } from './organisation.controller';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

@Module({
  imports: [TypeOrmModule.forFeature([TrustEntity, SiteEntity, DepartmentEntity, StaffEntity, PatientEntity])],
  controllers: [OrganisationController, PeopleController],
  providers: [OrganisationRepository, OrganisationService, PeopleRepository, PeopleService, StaffReads, PlaceReads],
  exports: [OrganisationService, PeopleService, StaffReads, PlaceReads],
})
export class OrganisationsModule {}
