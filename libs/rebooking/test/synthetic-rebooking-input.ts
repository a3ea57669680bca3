import { addLondonCalendarDays, DAY_MS, HOUR_MS, londonDayNumber, londonWallClockToUtc } from '@app/core';
import { seededRandom } from '@app/core/testing';
import type {
  PatientBusyInterval,
  RebookingAppointment,
  RebookingBlackout,
  RebookingInput,
  RebookingSlot,
  SlotKind,
  SurgicalPriority,
} from '../src/engine/engine.types';
import { DEFAULT_REBOOKING_HORIZON_DAYS } from '../src/rebooking.constants';

/**
 * Reproducible synthetic rebooking runs for the engine's tests and benchmark: the same seed always gives
 * the same input. Shares are rough national-walkout proportions; the point is volume and variety
 * (undersupplied clinics, full slots, follow-ups, repeat patients, other walkouts), not realism.
 */


export const OUTPATIENT_SPECIALTIES = [
  'cardiology',
  'dermatology',
  'ent',
  'gastroenterology',
  'general-surgery',
  'gynaecology',
  'neurology',
  'ophthalmology',
  'orthopaedics',
  'paediatrics',
  'respiratory',
  'rheumatology',
  'urology',
] as const;
export const THEATRE_SPECIALTIES = ['ent', 'general-surgery', 'gynaecology', 'ophthalmology', 'orthopaedics', 'urology'] as const;

export interface SyntheticRebookingShape {
  seed: number;
  trusts: number;
  sitesPerTrust: number;
  outpatientSpecialties?: readonly string[];
  theatreSpecialties?: readonly string[];
  outpatientAppointments: number;
  theatreAppointments: number;
  outpatientSlots: number;
  theatreSlots: number;
  walkoutEndsAt: number;
  horizonDays?: number;
  sameSiteOnly?: boolean;
  /** Follow-ups booked with a named clinician (they then prefer that clinician). Default true. */
  followUps?: boolean;
  /** Patients with several appointments or existing bookings in the window. Default true. */
  patientClashes?: boolean;
  /** Appointments that need a minimum slot length. Default true. */
  durations?: boolean;
  /** Two more walkouts in the series: one for everyone everywhere, one for consultants at some sites. */
  otherWalkouts?: boolean;
  clinicianPerSpecialty?: number;
  /** Share of slots already full before the run (the rest are partly booked or empty). Default 0.45. */
  alreadyFullShare?: number;
}

interface Bucket {
  trustId: string;
  siteId: string;
  specialty: string;
  clinicians: string[];
}

export function buildSyntheticRebookingInput(shape: SyntheticRebookingShape): RebookingInput {
  const random = seededRandom(shape.seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const horizonDays = shape.horizonDays ?? DEFAULT_REBOOKING_HORIZON_DAYS;
  const followUps = shape.followUps !== false;
  const patientClashes = shape.patientClashes !== false;
  const durations = shape.durations !== false;
  const alreadyFullShare = shape.alreadyFullShare ?? 0.45;
  const walkoutEndDay = londonDayNumber(shape.walkoutEndsAt);

  const buckets = (kind: SlotKind, specialties: readonly string[]): Bucket[] => {
    const result: Bucket[] = [];
    for (let trust = 1; trust <= shape.trusts; trust++) {
      const trustId = `T${String(trust).padStart(2, '0')}`;
      for (const specialty of specialties) {
        const clinicians = Array.from(
          { length: shape.clinicianPerSpecialty ?? 5 },
          (_, index) => `${trustId}-${specialty}-${kind}-C${index + 1}`,
        );
        for (let site = 1; site <= shape.sitesPerTrust; site++) {
          result.push({ trustId, siteId: `${trustId}S${site}`, specialty, clinicians });
        }
      }
    }
    return result;
  };
  // Demand and supply get different random weights per bucket, so some clinics are oversubscribed.
  const weighted = (count: number): { cumulative: Float64Array; supply: Float64Array } => {
    const demand = new Float64Array(count);
    const supply = new Float64Array(count);
    let demandTotal = 0;
    let supplyTotal = 0;
    for (let index = 0; index < count; index++) {
      const weight = 0.4 + random();
      demandTotal += weight;
      supplyTotal += weight * (0.6 + 0.8 * random());
      demand[index] = demandTotal;
      supply[index] = supplyTotal;
    }
    for (let index = 0; index < count; index++) {
      demand[index] /= demandTotal;
      supply[index] /= supplyTotal;
    }
    return { cumulative: demand, supply };
  };
  const drawFrom = (cumulative: Float64Array): number => {
    const target = random();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const workingDayWallClock = (dayNumber: number): number => {
    let day = dayNumber;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 6) day += 2;
    else if (weekday === 0) day += 1;
    return day * DAY_MS;
  };

  const slots: RebookingSlot[] = [];
  const appointments: RebookingAppointment[] = [];
  const patientBusy: PatientBusyInterval[] = [];
  let slotSequence = 0;
  let appointmentSequence = 0;

  const addSlots = (kind: SlotKind, bucketList: Bucket[], supply: Float64Array, count: number): void => {
    for (let made = 0; made < count; made++) {
      const bucket = bucketList[drawFrom(supply)];
      // A few days either side of the window, so "before the walkout ends" and "past the horizon" occur.
      const day = walkoutEndDay - 2 + Math.floor(random() * (horizonDays + 8));
      const dayStart = workingDayWallClock(day);
      let startsAt: number;
      let lengthMinutes: number;
      let capacity: number;
      if (kind === 'outpatient') {
        startsAt = londonWallClockToUtc(dayStart + 8.5 * HOUR_MS + Math.floor(random() * 32) * 15 * 60_000);
        lengthMinutes = random() < 0.3 ? 30 : 15;
        capacity = random() < 0.15 ? 2 + Math.floor(random() * 3) : 1;
      } else {
        startsAt = londonWallClockToUtc(dayStart + (random() < 0.5 ? 8 : 13) * HOUR_MS);
        lengthMinutes = 120 + 60 * Math.floor(random() * 3);
        capacity = 1 + Math.floor(random() * 3);
      }
      const booked = random() < alreadyFullShare ? capacity : Math.floor(random() * capacity);
      slots.push({
        id: `S${String(++slotSequence).padStart(7, '0')}`,
        trustId: bucket.trustId,
        siteId: bucket.siteId,
        specialty: bucket.specialty,
        kind,
        clinicianStaffNumber: random() < 0.1 ? null : pick(bucket.clinicians),
        startsAt,
        endsAt: startsAt + lengthMinutes * 60_000,
        capacity,
        booked,
      });
    }
  };

  const addAppointments = (kind: SlotKind, bucketList: Bucket[], demand: Float64Array, count: number): void => {
    for (let made = 0; made < count; made++) {
      const bucket = bucketList[drawFrom(demand)];
      const sequence = ++appointmentSequence;
      const reusePatient = patientClashes && appointments.length > 0 && random() < 0.03;
      const patientId = reusePatient ? pick(appointments).patientId : `P${String(sequence).padStart(7, '0')}`;
      const cancellationRoll = random();
      const cancellationCount = cancellationRoll < 0.7 ? 1 : cancellationRoll < 0.9 ? 2 : cancellationRoll < 0.97 ? 3 : 4;
      const referralDate = londonWallClockToUtc((walkoutEndDay - 1 - Math.floor(random() * 500)) * DAY_MS);
      const staffGroupsAffected = random() < 0.1 ? ['resident-doctors', 'consultants'] : ['resident-doctors'];
      const originalStartsAt = shape.walkoutEndsAt - Math.floor(random() * 48) * HOUR_MS;
      const isOutpatient = kind === 'outpatient';
      const roll = random();
      const isFollowUp = isOutpatient && followUps && random() < 0.45;
      const surgicalPriority: SurgicalPriority | null = isOutpatient
        ? null
        : roll < 0.005
          ? 'P1b'
          : roll < 0.25
            ? 'P2'
            : roll < 0.65
              ? 'P3'
              : 'P4';
      // One literal with every field in a fixed order, like rows mapped from the database: objects built
      // by spreading are laid out differently and read several times slower.
      appointments.push({
        id: `A${String(sequence).padStart(7, '0')}`,
        patientId,
        trustId: bucket.trustId,
        siteId: bucket.siteId,
        specialty: bucket.specialty,
        kind,
        appointmentKind: isOutpatient
          ? isFollowUp
            ? 'outpatient-follow-up'
            : 'outpatient-new'
          : random() < 0.65
            ? 'day-case'
            : 'inpatient',
        urgency: !isOutpatient ? 'routine' : roll < 0.02 ? 'two-week-wait' : roll < 0.2 ? 'urgent' : 'routine',
        surgicalPriority,
        referralDate,
        decisionToAdmitAt: null,
        cancellationCount,
        clinicianStaffNumber: !isOutpatient || isFollowUp || random() < 0.5 ? pick(bucket.clinicians) : null,
        originalStartsAt,
        durationMinutes: isOutpatient
          ? durations && random() < 0.2
            ? 30
            : 15
          : durations
            ? 60 * (1 + Math.floor(random() * 4))
            : null,
        staffGroupsAffected,
      });
      if (patientClashes && random() < 0.04) {
        const day = walkoutEndDay + Math.floor(random() * horizonDays);
        const startsAt = londonWallClockToUtc(workingDayWallClock(day) + (8 + Math.floor(random() * 8)) * HOUR_MS);
        patientBusy.push({ patientId, startsAt, endsAt: startsAt + 2 * HOUR_MS });
      }
    }
  };

  const outpatientBuckets = buckets('outpatient', shape.outpatientSpecialties ?? OUTPATIENT_SPECIALTIES);
  const theatreBuckets = buckets('theatre', shape.theatreSpecialties ?? THEATRE_SPECIALTIES);
  const outpatientWeights = weighted(outpatientBuckets.length);
  const theatreWeights = weighted(theatreBuckets.length);
  addSlots('outpatient', outpatientBuckets, outpatientWeights.supply, shape.outpatientSlots);
  addSlots('theatre', theatreBuckets, theatreWeights.supply, shape.theatreSlots);
  addAppointments('outpatient', outpatientBuckets, outpatientWeights.cumulative, shape.outpatientAppointments);
  addAppointments('theatre', theatreBuckets, theatreWeights.cumulative, shape.theatreAppointments);

  const blackouts: RebookingBlackout[] = [];
  if (shape.otherWalkouts !== false) {
    // The next walkout of the series, 07:00 → 07:00 over two days three weeks on, at every site.
    const nextWalkoutStartsAt = londonWallClockToUtc((walkoutEndDay + 20) * DAY_MS + 7 * HOUR_MS);
    blackouts.push({
      startsAt: nextWalkoutStartsAt,
      endsAt: addLondonCalendarDays(nextWalkoutStartsAt, 2),
      siteIds: null,
      staffGroups: null,
    });
    // A consultants' day walkout at each trust's first site only.
    const consultantsStartAt = londonWallClockToUtc((walkoutEndDay + 31) * DAY_MS + 8 * HOUR_MS);
    blackouts.push({
      startsAt: consultantsStartAt,
      endsAt: consultantsStartAt + 9 * HOUR_MS,
      siteIds: Array.from({ length: shape.trusts }, (_, index) => `T${String(index + 1).padStart(2, '0')}S1`),
      staffGroups: ['consultants'],
    });
  }

  return {
    appointments,
    slots,
    walkoutEndsAt: shape.walkoutEndsAt,
    blackouts,
    sameSiteOnly: shape.sameSiteOnly,
    horizonDays,
    patientBusy,
  };
}

/** The national-walkout figures from docs/domain.md: 110,000 outpatient appointments and 12,500 operations. */
export function nationalWalkoutShape(seed: number, walkoutEndsAt: number): SyntheticRebookingShape {
  return {
    seed,
    trusts: 20,
    sitesPerTrust: 3,
    outpatientAppointments: 110_000,
    theatreAppointments: 12_500,
    outpatientSlots: 180_000,
    theatreSlots: 20_000,
    // Enough room overall (free capacity in the window ≈ 1.2 × demand), unevenly spread across clinics.
    alreadyFullShare: 0.25,
    walkoutEndsAt,
  };
}
