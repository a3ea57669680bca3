import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentEntity } from './entities/department.entity';
import { PatientEntity } from './entities/patient.entity';
import { SiteEntity } from './entities/site.entity';
import { StaffEntity } from './entities/staff.entity';
import { TrustEntity } from './entities/trust.entity';
import { OrganisationController } from './trusts/organisation.controller';
import { OrganisationRepository } from './trusts/organisation.repository';
import { OrganisationService } from './trusts/organisation.service';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { PeopleService } from './people/people.service';

@Module({
  imports: [TypeOrmModule.forFeature([TrustEntity, SiteEntity, DepartmentEntity, StaffEntity, PatientEntity])],
  controllers: [OrganisationController, PeopleController],
  providers: [OrganisationRepository, OrganisationService, PeopleRepository, PeopleService],
  exports: [OrganisationService, PeopleService],
})
export class OrganisationsModule {}
