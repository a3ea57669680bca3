import type { AppointmentKind } from './engine.types';

/**
 * Words a patient knows for an appointment, for messages and link pages: "Cardiology outpatient
 * appointment", "Trauma and orthopaedics day-case procedure". Specialties are kebab-case codes.
 */
export function describeActivity(specialty: string, kind: AppointmentKind): string {
  const words = specialty.split('-').join(' ');
  const subject = words.charAt(0).toUpperCase() + words.slice(1);
  switch (kind) {
    case 'outpatient-new':
    case 'outpatient-follow-up':
      return `${subject} outpatient appointment`;
    case 'day-case':
      return `${subject} day-case procedure`;
    case 'inpatient':
      return `${subject} procedure (hospital stay)`;
  }
}
