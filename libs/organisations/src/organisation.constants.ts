export const DEPARTMENT_KINDS = ['emergency', 'maternity', 'intensive-care', 'neonatal', 'acute-medicine', 'surgery', 'theatres', 'outpatients', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Grades double as the staff groups a walkout names (e.g. a resident doctors' strike names `resident-doctor`). */
export const STAFF_GRADES = ['consultant', 'sas', 'resident-doctor', 'nurse', 'other'] as const;
export type StaffGrade = (typeof STAFF_GRADES)[number];

export const CONTACT_CHANNELS = ['sms', 'email', 'letter'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A request may carry up to this many import rows (docs/api.md, "Limits"; the 10,000-row target is in docs/benchmarks.md). */
export const MAX_IMPORT_ROWS = 50_000;
