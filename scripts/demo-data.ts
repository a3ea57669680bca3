import type { DepartmentKind } from '@app/organisations';
import type { RecordWalkoutCommand } from '@app/walkouts';

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

/** Trusts and hospitals named in coverage of the 2016 strikes (PRODUCT.md). */
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

/** The 2016 dispute, Europe/London times (GMT in winter, BST from 27 March). */
export const DEMO_WALKOUTS_2016: (RecordWalkoutCommand & { calledOff?: { at: Date; reason: string } })[] = [
  walkout('2016-01-12T08:00:00Z', '2016-01-13T08:00:00Z', 'emergency-care-only', '2015-12-28T12:00:00Z'),
  {
    ...walkout('2016-01-26T08:00:00Z', '2016-01-28T08:00:00Z', 'emergency-care-only', '2016-01-12T12:00:00Z'),
    calledOff: { at: new Date('2016-01-21T18:00:00Z'), reason: 'BMA suspended the action to allow further talks' },
  },
  walkout('2016-02-10T08:00:00Z', '2016-02-11T08:00:00Z', 'emergency-care-only', '2016-01-27T12:00:00Z'),
  walkout('2016-03-09T08:00:00Z', '2016-03-11T08:00:00Z', 'emergency-care-only', '2016-02-23T12:00:00Z'),
  walkout('2016-04-06T07:00:00Z', '2016-04-08T07:00:00Z', 'emergency-care-only', '2016-03-23T12:00:00Z'),
  walkout('2016-04-26T07:00:00Z', '2016-04-26T16:00:00Z', 'full-walkout', '2016-04-12T12:00:00Z'),
  walkout('2016-04-27T07:00:00Z', '2016-04-27T16:00:00Z', 'full-walkout', '2016-04-12T12:00:00Z'),
  {
    ...walkout('2016-09-12T07:00:00Z', '2016-09-16T16:00:00Z', 'full-walkout', '2016-08-31T12:00:00Z'),
    calledOff: { at: new Date('2016-09-05T12:00:00Z'), reason: 'BMA suspended the September action, citing patient safety' },
  },
];

function walkout(startsAt: string, endsAt: string, mode: RecordWalkoutCommand['mode'], noticeReceivedAt: string): RecordWalkoutCommand {
  return { union: 'BMA', staffGroups: ['resident-doctor'], mode, startsAt: new Date(startsAt), endsAt: new Date(endsAt), noticeReceivedAt: new Date(noticeReceivedAt) };
}

const GIVEN = ['Amara', 'Ben', 'Chloe', 'Dev', 'Elena', 'Femi', 'Grace', 'Hassan', 'Isla', 'Jamal', 'Katie', 'Liam', 'Maya', 'Nikhil', 'Olivia', 'Priya'];
const FAMILY = ['Adeyemi', 'Brown', 'Chen', 'Davies', 'Evans', 'Fraser', 'Ghosh', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Murphy', 'Nowak', 'Okafor', 'Patel'];
const SPECIALTIES_BY_KIND: Record<string, string> = {
  emergency: 'emergency-medicine',
  maternity: 'obstetrics-gynaecology',
  'intensive-care': 'intensive-care-medicine',
  'acute-medicine': 'acute-medicine',
  theatres: 'anaesthetics',
  outpatients: 'general-surgery',
};

/** 60 staff a trust: consultants, SAS doctors, resident doctors and nurses; the department gives the site. */
export function demoStaff(trustIndex: number, departmentIds: string[]) {
  const kinds = Object.keys(SPECIALTIES_BY_KIND);
  return Array.from({ length: 60 }, (_, n) => {
    const grade = n % 10 < 3 ? 'consultant' : n % 10 === 3 ? 'sas' : n % 10 < 8 ? 'resident-doctor' : 'nurse';
    const departmentIndex = n % departmentIds.length;
    return {
      staffNumber: `D${trustIndex}${String(n).padStart(4, '0')}`,
      givenName: GIVEN[(n + trustIndex) % GIVEN.length],
      familyName: FAMILY[(n * 7 + trustIndex) % FAMILY.length],
      grade: grade as 'consultant' | 'sas' | 'resident-doctor' | 'nurse',
      specialty: grade === 'nurse' ? 'nursing' : SPECIALTIES_BY_KIND[kinds[departmentIndex % kinds.length]],
      departmentId: departmentIds[departmentIndex],
      mobile: `07700 9${String(trustIndex).padStart(2, '0')}${String(n).padStart(3, '0')}`,
      email: `staff${n}@trust${trustIndex}.demo.nhs.uk`,
      gmcNumber: grade === 'nurse' ? undefined : String(7_000_000 + trustIndex * 1000 + n),
    };
  });
}

/** 60 patients a trust with valid (modulus 11) NHS numbers in the test range 999 000 0000+. */
export function demoPatients(trustIndex: number) {
  const patients = [];
  for (let n = 0, candidate = 999_000_000 + trustIndex * 1000; patients.length < 60; candidate++, n++) {
    const base = String(candidate);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(base[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const i: number = patients.length;
    patients.push({
      nhsNumber: base + (check === 11 ? 0 : check),
      givenName: GIVEN[(i * 3 + trustIndex) % GIVEN.length],
      familyName: FAMILY[(i * 5 + trustIndex) % FAMILY.length],
      dateOfBirth: `19${40 + (i % 60)}-0${1 + (i % 9)}-1${i % 10}`,
      mobile: i % 5 === 4 ? undefined : `07700 8${String(trustIndex).padStart(2, '0')}${String(i).padStart(3, '0')}`,
      email: i % 3 === 0 ? `patient${i}@example.com` : undefined,
      address: { lines: [`${i + 1} Fulham Road`, 'London'], postcode: 'SW10 9NH' },
      preferredChannel: (i % 7 === 0 ? 'email' : 'sms') as 'sms' | 'email',
    });
  }
  return patients;
}
