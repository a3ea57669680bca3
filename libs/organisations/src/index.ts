export * from './organisation.constants';
export * from './organisations.module';
export * from './trusts/organisation.service';
export type { DepartmentRecord, SiteRecord, TrustRecord } from './trusts/organisation.repository';
export * from './people/people.service';
export type { PatientContact, StaffRecord, UpsertCounts } from './people/people.repository';
export { byRowIndex, duplicateKeyProblems, placementProblems } from './engine/import-rules';
export * from './organisation.errors';
