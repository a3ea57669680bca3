import type { AppointmentStatus, FeedAppointment, FeedSlot } from '@app/rebooking';
import { CANCELLATION_REASON, EXTENSION, PRIORITY_OF_URGENCY, SYSTEM } from './systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON out */
export type FhirResource = Record<string, any>;

/** National identifiers of what an appointment or slot refers to (absent when the trust has none on record). */
export interface OutboundIdentifiers {
  nhsNumber?: string;
  odsSiteCode?: string;
  gmcNumber?: string;
}

/**
 * Our appointment status → R4 Appointment.status: an offered new date is `pending` (the trust has
 * placed it, the patient has not answered), a confirmed one `booked`; a postponed appointment and a
 * declined offer are `cancelled`, with the reason in cancelationReason. Nothing we hold is `proposed`.
 */
export const FHIR_STATUS: Record<AppointmentStatus, 'booked' | 'pending' | 'cancelled'> = {
  booked: 'booked',
  offered: 'pending',
  confirmed: 'booked',
  cancelled: 'cancelled',
  declined: 'cancelled',
};

/** The patient's participation: they have not answered an offer yet, or turned it down. */
const PATIENT_PARTICIPATION: Record<AppointmentStatus, 'accepted' | 'needs-action' | 'declined'> = {
  booked: 'accepted',
  offered: 'needs-action',
  confirmed: 'accepted',
  cancelled: 'accepted',
  declined: 'declined',
};

const coding = (system: string, code: string, display?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });

export function appointmentResource(appointment: FeedAppointment, ids: OutboundIdentifiers): FhirResource {
  const extension: FhirResource[] = [{ url: EXTENSION.referralDate, valueDate: appointment.referralDate }];
  if (appointment.surgicalPriority) extension.push({ url: EXTENSION.surgicalPriority, valueCoding: { system: SYSTEM.surgicalPriority, code: appointment.surgicalPriority } });
  const cancelledAt = appointment.status === 'cancelled' ? appointment.postponedAt : appointment.status === 'declined' ? appointment.declinedAt : null;
  if (cancelledAt) extension.push({ url: EXTENSION.cancellationDate, valueDateTime: cancelledAt.toISOString() });
  if (appointment.rebookedFromId) extension.push({ url: EXTENSION.rebookingOf, valueReference: { reference: `Appointment/${appointment.rebookedFromId}` } });
  if (appointment.rebookedToId) extension.push({ url: EXTENSION.rebookedAs, valueReference: { reference: `Appointment/${appointment.rebookedToId}` } });

  const reason = appointment.status === 'cancelled' ? CANCELLATION_REASON.industrialAction : appointment.status === 'declined' ? CANCELLATION_REASON.offerDeclined : null;
  const participant: FhirResource[] = [
    {
      actor: { reference: `Patient/${appointment.patientId}`, type: 'Patient', ...(ids.nhsNumber ? { identifier: { system: SYSTEM.nhsNumber, value: ids.nhsNumber } } : {}) },
      required: 'required',
      status: PATIENT_PARTICIPATION[appointment.status],
    },
  ];
  if (ids.odsSiteCode) participant.push({ actor: { type: 'Location', identifier: { system: SYSTEM.odsSiteCode, value: ids.odsSiteCode } }, required: 'required', status: 'accepted' });
  if (ids.gmcNumber) participant.push({ actor: { type: 'Practitioner', identifier: { system: SYSTEM.gmcNumber, value: ids.gmcNumber } }, required: 'required', status: 'accepted' });

  return {
    resourceType: 'Appointment',
    id: appointment.id,
    meta: { lastUpdated: appointment.updatedAt.toISOString() },
    extension,
    ...(appointment.externalRef ? { identifier: [{ system: SYSTEM.appointmentRef, value: appointment.externalRef }] } : {}),
    status: FHIR_STATUS[appointment.status],
    ...(reason ? { cancelationReason: coding(SYSTEM.cancellationReason, reason.code, reason.display) } : {}),
    specialty: [coding(SYSTEM.specialty, appointment.specialty)],
    appointmentType: coding(SYSTEM.appointmentKind, appointment.kind),
    priority: PRIORITY_OF_URGENCY[appointment.urgency],
    start: appointment.startsAt.toISOString(),
    end: appointment.endsAt.toISOString(),
    slot: [{ reference: `Slot/${appointment.slotId}` }],
    created: appointment.createdAt.toISOString(),
    participant,
  };
}

/**
 * A Slot names its site, specialty and (where the trust has their GMC number) clinician the way the
 * import reads them: through its Schedule's actors. Schedules are not stored, so the Schedule is
 * contained in the Slot, named by the site and specialty it belongs to.
 */
export function slotResource(slot: FeedSlot, ids: Pick<OutboundIdentifiers, 'odsSiteCode' | 'gmcNumber'>): FhirResource {
  const site = ids.odsSiteCode ?? slot.siteId;
  const scheduleIdentifier = { system: SYSTEM.schedule, value: `${site}/${slot.specialty}` };
  const actor: FhirResource[] = [ids.odsSiteCode ? { type: 'Location', identifier: { system: SYSTEM.odsSiteCode, value: ids.odsSiteCode } } : { type: 'Location', display: site }];
  if (ids.gmcNumber) actor.push({ type: 'Practitioner', identifier: { system: SYSTEM.gmcNumber, value: ids.gmcNumber } });
  return {
    resourceType: 'Slot',
    id: slot.id,
    meta: { lastUpdated: slot.updatedAt.toISOString() },
    contained: [{ resourceType: 'Schedule', id: 'schedule', identifier: [scheduleIdentifier], actor, specialty: [coding(SYSTEM.specialty, slot.specialty)] }],
    extension: [{ url: EXTENSION.slotCapacity, valueInteger: slot.capacity }],
    identifier: [{ system: SYSTEM.slotRef, value: slot.externalRef }],
    serviceType: [coding(SYSTEM.slotKind, slot.kind)],
    specialty: [coding(SYSTEM.specialty, slot.specialty)],
    schedule: { reference: '#schedule', type: 'Schedule', identifier: scheduleIdentifier, display: `${slot.specialty} at ${site}` },
    status: slot.bookedCount >= slot.capacity ? 'busy' : 'free',
    start: slot.startsAt.toISOString(),
    end: slot.endsAt.toISOString(),
    ...(slot.bookedCount > 0 && slot.bookedCount > slot.capacity ? { overbooked: true } : {}),
  };
}
