/**
 * The demo data of `npm run seed:demo`, as pure builders: the 2016 dispute's trusts and hospitals
 * (docs/domain.md), their people, and clinics and theatre lists placed relative to a walkout's dates, so
 * the data always drives the main flows whatever the day. Contact details are fictional on purpose:
 * mobiles in Ofcom's drama range (07700 900000–900999), emails at example.com (reserved, RFC 2606).
 */
import { DateTime } from 'luxon';

export type DepartmentKind = 'emergency' | 'maternity' | 'intensive-care' | 'acute-medicine' | 'theatres' | 'outpatients';

interface DemoSite {
  odsSiteCode: string;
  name: string;
  departments: { name: string; kind: DepartmentKind }[];
}

const acuteDepartments: DemoSite['departments'] = [
  { name: 'Emergency Department', kind: 'emergency' },
  { name: 'Maternity', kind: 'maternity' },
  { name: 'Intensive Care Unit', kind: 'intensive-care' },
  { name: 'Acute Medical Unit', kind: 'acute-medicine' },
  { name: 'Main Theatres', kind: 'theatres' },
  { name: 'Outpatients', kind: 'outpatients' },
];
const specialistDepartments: DemoSite['departments'] = [
  { name: 'Intensive Care Unit', kind: 'intensive-care' },
  { name: 'Theatres', kind: 'theatres' },
  { name: 'Outpatients', kind: 'outpatients' },
];

/** Trusts and hospitals named in coverage of the 2016 strikes (docs/domain.md "Who uses it and why"). */
export const DEMO_TRUSTS: { odsCode: string; name: string; sites: DemoSite[] }[] = [
  {
    odsCode: 'RQM',
    name: 'Chelsea and Westminster Hospital NHS Foundation Trust',
    sites: [
      { odsSiteCode: 'RQM01', name: 'Chelsea and Westminster Hospital', departments: acuteDepartments },
      { odsSiteCode: 'RQM91', name: 'West Middlesex University Hospital, Isleworth', departments: acuteDepartments },
    ],
  },
  { odsCode: 'RYJ', name: 'Imperial College Healthcare NHS Trust', sites: [{ odsSiteCode: 'RYJ01', name: "St Mary's Hospital", departments: acuteDepartments }] },
  {
    odsCode: 'R1K',
    name: 'London North West University Healthcare NHS Trust',
    sites: [
      { odsSiteCode: 'R1K01', name: 'Northwick Park Hospital', departments: acuteDepartments },
      { odsSiteCode: 'R1K04', name: 'Ealing Hospital', departments: acuteDepartments },
    ],
  },
  {
    odsCode: 'RAL',
    name: 'Royal Free London NHS Foundation Trust',
    sites: [
      { odsSiteCode: 'RAL01', name: 'Royal Free Hospital', departments: acuteDepartments },
      { odsSiteCode: 'RAL26', name: 'Barnet Hospital', departments: acuteDepartments },
    ],
  },
  { odsCode: 'RWY', name: 'Calderdale and Huddersfield NHS Foundation Trust', sites: [{ odsSiteCode: 'RWY02', name: 'Huddersfield Royal Infirmary', departments: acuteDepartments }] },
  {
    odsCode: 'RT3',
    name: 'Royal Brompton & Harefield NHS Foundation Trust',
    sites: [
      { odsSiteCode: 'RT302', name: 'Royal Brompton Hospital', departments: specialistDepartments },
      { odsSiteCode: 'RT301', name: 'Harefield Hospital', departments: specialistDepartments },
    ],
  },
  { odsCode: 'RPY', name: 'The Royal Marsden NHS Foundation Trust', sites: [{ odsSiteCode: 'RPY01', name: 'The Royal Marsden, Chelsea', departments: specialistDepartments }] },
];

export interface DemoWalkout {
  union: string;
  staffGroups: string[];
  mode: 'full-walkout' | 'emergency-care-only';
  startsAt: string;
  endsAt: string;
  noticeReceivedAt: string;
}

/** The 2016 dispute's walkouts that went ahead (history for sitreps), Europe/London times. */
export const DEMO_WALKOUTS_2016: DemoWalkout[] = [
  history('2016-01-12T08:00:00Z', '2016-01-13T08:00:00Z', 'emergency-care-only', '2015-12-28T12:00:00Z'),
  history('2016-02-10T08:00:00Z', '2016-02-11T08:00:00Z', 'emergency-care-only', '2016-01-27T12:00:00Z'),
  history('2016-03-09T08:00:00Z', '2016-03-11T08:00:00Z', 'emergency-care-only', '2016-02-23T12:00:00Z'),
  history('2016-04-06T07:00:00Z', '2016-04-08T07:00:00Z', 'emergency-care-only', '2016-03-23T12:00:00Z'),
  history('2016-04-26T07:00:00Z', '2016-04-26T16:00:00Z', 'full-walkout', '2016-04-12T12:00:00Z'),
  history('2016-04-27T07:00:00Z', '2016-04-27T16:00:00Z', 'full-walkout', '2016-04-12T12:00:00Z'),
];

function history(startsAt: string, endsAt: string, mode: DemoWalkout['mode'], noticeReceivedAt: string): DemoWalkout {
  return { union: 'BMA', staffGroups: ['resident-doctor'], mode, startsAt, endsAt, noticeReceivedAt };
}

const LONDON = 'Europe/London';

/** `HH:mm` on a London calendar date, as an ISO instant with its offset (what the API asks for). */
export function london(date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: LONDON }).toISO({ suppressMilliseconds: true })!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: LONDON }).plus({ days }).toISODate()!;
}

export function londonDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: LONDON }).toISODate()!;
}

/** A day the demo trusts run clinics: Monday to Friday, and not over Christmas and New Year (24 Dec – 1 Jan). */
function isClinicDay(date: string): boolean {
  const day = DateTime.fromISO(date, { zone: LONDON });
  const festive = (day.month === 12 && day.day >= 24) || (day.month === 1 && day.day === 1);
  return day.weekday <= 5 && !festive;
}

/**
 * The walkouts the demo needs, relative to today in London: one announced about three weeks ahead
 * (full withdrawal 07:00 → 07:00, two days, resident doctors, 21 days' notice), one in progress now
 * (started at 07:00 today, or yesterday before 07:00), and one announced for later that the union
 * suspends (it is called off after recording).
 */
export function demoWalkouts(now: Date): { announced: DemoWalkout; inProgress: DemoWalkout; suspended: DemoWalkout } {
  const today = londonDate(now);
  const announcedStart = addDays(today, 21);
  const startedToday = now.getTime() >= new Date(london(today, '07:00')).getTime();
  const inProgressStart = startedToday ? today : addDays(today, -1);
  const suspendedStart = addDays(today, 42);
  const walkout = (start: string, days: number, noticeDays: number): DemoWalkout => ({
    union: 'BMA',
    staffGroups: ['resident-doctor'],
    mode: 'full-walkout',
    startsAt: london(start, '07:00'),
    endsAt: london(addDays(start, days), '07:00'),
    noticeReceivedAt: london(addDays(start, -noticeDays), '09:00'),
  });
  return { announced: walkout(announcedStart, 2, 21), inProgress: walkout(inProgressStart, 2, 15), suspended: walkout(suspendedStart, 3, 14) };
}

const GIVEN = ['Amara', 'Ben', 'Chloe', 'Dev', 'Elena', 'Femi', 'Grace', 'Hassan', 'Isla', 'Jamal', 'Katie', 'Liam', 'Maya', 'Nikhil', 'Olivia', 'Priya'];
const FAMILY = ['Adeyemi', 'Brown', 'Chen', 'Davies', 'Evans', 'Fraser', 'Ghosh', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Murphy', 'Nowak', 'Okafor', 'Patel'];
const SPECIALTY_BY_KIND: Record<DepartmentKind, string> = {
  emergency: 'emergency-medicine',
  maternity: 'obstetrics-gynaecology',
  'intensive-care': 'intensive-care-medicine',
  'acute-medicine': 'acute-medicine',
  theatres: 'anaesthetics',
  outpatients: 'general-surgery',
};

export const STAFF_PER_TRUST = 60;
export const PATIENTS_PER_TRUST = 200;

/** A drama-range mobile (07700 900000–900999); `n` wraps within the range. */
function dramaMobile(n: number): string {
  return `07700 ${900000 + (n % 1000)}`;
}

/**
 * 60 staff a trust, spread over its departments (the department gives the site and the specialty):
 * 3 in 10 consultants, 1 SAS doctor, 4 resident doctors, 2 nurses.
 */
export function demoStaff(trustIndex: number, departments: { id: string; kind: DepartmentKind }[]) {
  return Array.from({ length: STAFF_PER_TRUST }, (_, n) => {
    const grade = n % 10 < 3 ? 'consultant' : n % 10 === 3 ? 'sas' : n % 10 < 8 ? 'resident-doctor' : 'nurse';
    const department = departments[n % departments.length];
    return {
      staffNumber: `D${trustIndex}${String(n).padStart(4, '0')}`,
      givenName: GIVEN[(n + trustIndex) % GIVEN.length],
      familyName: FAMILY[(n * 7 + trustIndex) % FAMILY.length],
      grade: grade as 'consultant' | 'sas' | 'resident-doctor' | 'nurse',
      specialty: grade === 'nurse' ? 'nursing' : SPECIALTY_BY_KIND[department.kind],
      departmentId: department.id,
      mobile: dramaMobile(trustIndex * STAFF_PER_TRUST + n),
      email: `staff${n}@${DEMO_TRUSTS[trustIndex].odsCode.toLowerCase()}.example.com`,
      gmcNumber: grade === 'nurse' ? undefined : String(7_000_000 + trustIndex * 1000 + n),
    };
  });
}

/** Valid (modulus 11) NHS numbers in the 999 range used for test data. */
export function demoNhsNumbers(trustIndex: number, count: number): string[] {
  const numbers: string[] = [];
  for (let candidate = 999_000_000 + trustIndex * 10_000; numbers.length < count; candidate++) {
    const base = String(candidate);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(base[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    numbers.push(base + (check === 11 ? 0 : check));
  }
  return numbers;
}

export function demoPatients(trustIndex: number) {
  return demoNhsNumbers(trustIndex, PATIENTS_PER_TRUST).map((nhsNumber, i) => ({
    nhsNumber,
    givenName: GIVEN[(i * 3 + trustIndex) % GIVEN.length],
    familyName: FAMILY[(i * 5 + trustIndex) % FAMILY.length],
    dateOfBirth: `19${40 + (i % 60)}-0${1 + (i % 9)}-1${i % 10}`,
    mobile: i % 5 === 4 ? undefined : dramaMobile(500 + trustIndex * PATIENTS_PER_TRUST + i),
    email: i % 3 === 0 ? `patient${i}.${DEMO_TRUSTS[trustIndex].odsCode.toLowerCase()}@example.com` : undefined,
    address: { lines: [`${i + 1} Fulham Road`, 'London'], postcode: 'SW10 9NH' },
    preferredChannel: (i % 7 === 0 ? 'email' : 'sms') as 'sms' | 'email',
  }));
}

export interface DemoSlot {
  externalRef: string;
  siteId: string;
  departmentId?: string;
  specialty: string;
  kind: 'outpatient' | 'theatre';
  startsAt: string;
  endsAt: string;
  capacity?: number;
}

export interface DemoAppointment {
  externalRef: string;
  nhsNumber: string;
  slotExternalRef: string;
  kind: 'outpatient-new' | 'outpatient-follow-up' | 'day-case' | 'inpatient';
  urgency: 'two-week-wait' | 'urgent' | 'routine';
  surgicalPriority?: 'P1a' | 'P1b' | 'P2' | 'P3' | 'P4';
  referralDate: string;
}

const CLINIC_SPECIALTIES = ['cardiology', 'general-surgery', 'dermatology'];
const CLINIC_TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '14:00', '14:30', '15:00'];
const THEATRE_SPECIALTIES = ['trauma-orthopaedics', 'general-surgery'];

/** What each booking in the walkout is, in turn: every kind, urgency and surgical priority appears. */
const CLINIC_MIX: Pick<DemoAppointment, 'kind' | 'urgency'>[] = [
  { kind: 'outpatient-new', urgency: 'routine' },
  { kind: 'outpatient-follow-up', urgency: 'routine' },
  { kind: 'outpatient-new', urgency: 'urgent' },
  { kind: 'outpatient-new', urgency: 'two-week-wait' },
  { kind: 'outpatient-follow-up', urgency: 'urgent' },
];
const THEATRE_MIX: Pick<DemoAppointment, 'kind' | 'urgency' | 'surgicalPriority'>[] = [
  { kind: 'day-case', urgency: 'routine', surgicalPriority: 'P4' },
  { kind: 'day-case', urgency: 'routine', surgicalPriority: 'P3' },
  { kind: 'inpatient', urgency: 'urgent', surgicalPriority: 'P2' },
  { kind: 'inpatient', urgency: 'urgent', surgicalPriority: 'P1b' },
  { kind: 'inpatient', urgency: 'urgent', surgicalPriority: 'P1a' },
  { kind: 'day-case', urgency: 'two-week-wait', surgicalPriority: 'P2' },
];

/**
 * Clinics and theatre lists at each site on the walkout's days (fully booked, across every kind,
 * urgency and priority) and on the weekdays of the four weeks after it (a quarter booked: free capacity
 * to rebook into). External references carry the walkout's start date, so a second run updates the
 * same rows.
 */
export function demoBookings(walkout: { startsAt: string; endsAt: string }, sites: { id: string; outpatientsId?: string; theatresId?: string }[], nhsNumbers: string[]) {
  const first = londonDate(new Date(walkout.startsAt));
  const afterEnd = londonDate(new Date(walkout.endsAt));
  const walkoutDays = [first, addDays(first, 1)];
  const laterDays = Array.from({ length: 28 }, (_, n) => addDays(afterEnd, n)).filter(isClinicDay);
  const slots: DemoSlot[] = [];
  const appointments: DemoAppointment[] = [];
  let patient = 0;
  let clinicBooking = 0;
  let theatreBooking = 0;
  const nextPatient = () => nhsNumbers[patient++ % nhsNumbers.length];
  const referral = (n: number) => addDays(first, -(40 + ((n * 37) % 360)));

  sites.forEach((site, s) => {
    for (const [dayIndex, day] of [...walkoutDays, ...laterDays].entries()) {
      const inWalkout = dayIndex < walkoutDays.length;
      for (const specialty of CLINIC_SPECIALTIES) {
        CLINIC_TIMES.forEach((time, t) => {
          const externalRef = `DEMO-${first}-S${s}-${specialty}-${day}-${time.replace(':', '')}`;
          slots.push({ externalRef, siteId: site.id, departmentId: site.outpatientsId, specialty, kind: 'outpatient', startsAt: london(day, time), endsAt: london(day, addMinutes(time, 20)) });
          if (inWalkout || (t + dayIndex) % 4 === 0) {
            const mix = CLINIC_MIX[clinicBooking % CLINIC_MIX.length];
            appointments.push({ externalRef: `${externalRef}-A`, nhsNumber: nextPatient(), slotExternalRef: externalRef, ...mix, referralDate: referral(clinicBooking++) });
          }
        });
      }
      for (const specialty of THEATRE_SPECIALTIES) {
        const externalRef = `DEMO-${first}-S${s}-${specialty}-${day}-theatre`;
        slots.push({ externalRef, siteId: site.id, departmentId: site.theatresId, specialty, kind: 'theatre', startsAt: london(day, '08:30'), endsAt: london(day, '12:30'), capacity: 3 });
        const booked = inWalkout ? 3 : dayIndex % 3 === 0 ? 1 : 0;
        for (let b = 0; b < booked; b++) {
          const mix = THEATRE_MIX[theatreBooking % THEATRE_MIX.length];
          appointments.push({ externalRef: `${externalRef}-A${b}`, nhsNumber: nextPatient(), slotExternalRef: externalRef, ...mix, referralDate: referral(theatreBooking++) });
        }
      }
    }
  });
  return { slots, appointments };
}

function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Cover needs of the announced walkout, per site: the emergency department 08:00–20:00 (2 consultants)
 * and intensive care 20:00–08:00 (1), each walkout day.
 */
export function demoCoverRequirements(walkout: { startsAt: string }, sites: { emergencyId?: string; intensiveCareId?: string }[]) {
  const first = londonDate(new Date(walkout.startsAt));
  const requirements: { departmentId: string; startsAt: string; endsAt: string; minConsultants: number }[] = [];
  for (const site of sites) {
    for (const day of [first, addDays(first, 1)]) {
      if (site.emergencyId) requirements.push({ departmentId: site.emergencyId, startsAt: london(day, '08:00'), endsAt: london(day, '20:00'), minConsultants: 2 });
      if (site.intensiveCareId) requirements.push({ departmentId: site.intensiveCareId, startsAt: london(day, '20:00'), endsAt: london(addDays(day, 1), '07:00'), minConsultants: 1 });
    }
  }
  return requirements;
}
