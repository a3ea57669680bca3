export * from './organisation.constants';
export * from './organisations.module';
export * from './trusts/organisation.service';
export type { DepartmentRecord, DepartmentWithSite, SiteRecord, TrustRecord } from './trusts/organisation.repository';
export * from './people/people.service';
export type { PatientContact, StaffRecord, UpsertCounts } from './people/people.repository';
export { byRowIndex, duplicateKeyProblems, placementProblems } from './engine/import-rules';
export * from './organisations.errors';
// Read ports for other libs (docs/architecture.md, "One owner per table").
export { PatientNames } from './people/patient-names';
export { recipientContactJoin } from './people/recipient-contact-join';
export { DepartmentKinds } from './trusts/department-kinds';
export { StaffHeadcounts } from './people/staff-headcounts';
export type { DeclaredStaff, DeclaredStaffDay, GradeDayHeadcount, GradeHeadcount } from './people/staff-headcounts';
export { IdentityLookupService } from './lookups/identity-lookup.service';
export { PatientImportItemDto } from './people/people.dto';
export * from './people/staff-reads';
export * from './trusts/place-reads';
