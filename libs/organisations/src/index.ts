export * from './organisation.constants';
export * from './organisations.module';
export * from './organisation.service';
export * from './people.service';
export type { PatientContact, StaffRecord, UpsertCounts } from './people.repository';
export { byRowIndex, duplicateKeyProblems, placementProblems } from './import-rules';
export * from './organisation.errors';
export * from './people/staff-reads';
export * from './trusts/place-reads';
