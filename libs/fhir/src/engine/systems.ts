/**
 * Identifier systems, code systems and extensions of the FHIR routes (the table in docs/fhir.md).
 * The national ones are the NHS's; the local ones are names under this service's canonical base, which
 * is a name, not an address: nothing is served there, and it is the same for every deployment.
 */
export const FHIR_LOCAL_BASE = 'https://strike-ops.uk/fhir';

export const SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsSiteCode: 'https://fhir.nhs.uk/Id/ods-site-code',
  gmcNumber: 'https://fhir.hl7.org.uk/Id/gmc-number',
  /** The trust's own reference of a slot (its PAS/EPR id): our `externalRef`. */
  slotRef: `${FHIR_LOCAL_BASE}/Id/slot-ref`,
  /** The trust's own reference of an appointment: our `externalRef`. */
  appointmentRef: `${FHIR_LOCAL_BASE}/Id/appointment-ref`,
  /** Exported Slot.schedule: the site and specialty a slot belongs to, as `RQM01/cardiology`. */
  schedule: `${FHIR_LOCAL_BASE}/Id/schedule`,
  cancellationReason: `${FHIR_LOCAL_BASE}/CodeSystem/cancellation-reason`,
  appointmentKind: `${FHIR_LOCAL_BASE}/CodeSystem/appointment-kind`,
  slotKind: `${FHIR_LOCAL_BASE}/CodeSystem/slot-kind`,
  specialty: `${FHIR_LOCAL_BASE}/CodeSystem/specialty`,
  surgicalPriority: `${FHIR_LOCAL_BASE}/CodeSystem/surgical-priority`,
  /** OperationOutcome.issue.details: the service's error code (docs/errors.md). */
  errorCode: `${FHIR_LOCAL_BASE}/CodeSystem/error-code`,
} as const;

export const EXTENSION = {
  /** Appointment: the referral-to-treatment clock start (valueDate). */
  referralDate: `${FHIR_LOCAL_BASE}/StructureDefinition/referral-date`,
  /** Appointment: the surgical priority P1a…P4 (valueCoding in SYSTEM.surgicalPriority). */
  surgicalPriority: `${FHIR_LOCAL_BASE}/StructureDefinition/surgical-priority`,
  /** Slot: the bookings it holds (valueInteger, 1 when absent). */
  slotCapacity: `${FHIR_LOCAL_BASE}/StructureDefinition/slot-capacity`,
  /** Appointment: the appointment this one rebooks (R5's `replaces`; valueReference to an Appointment). */
  rebookingOf: `${FHIR_LOCAL_BASE}/StructureDefinition/rebooking-of`,
  /** Appointment (cancelled or declined): the appointment that rebooked it (valueReference). */
  rebookedAs: `${FHIR_LOCAL_BASE}/StructureDefinition/rebooked-as`,
  /** R5's Appointment.cancellationDate, carried into R4 with HL7's cross-version extension (valueDateTime). */
  cancellationDate: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.cancellationDate',
} as const;

/** The codes of SYSTEM.cancellationReason. */
export const CANCELLATION_REASON = {
  industrialAction: { code: 'industrial-action', display: 'Postponed because of industrial action' },
  offerDeclined: { code: 'offer-declined', display: 'The patient asked for another date' },
} as const;

/** Appointment.priority (R4 unsignedInt, lower is more urgent) ↔ our referral urgency. */
export const PRIORITY_OF_URGENCY = { 'two-week-wait': 1, urgent: 2, routine: 3 } as const;

export const SUPPORTED_TYPES = ['Patient', 'Practitioner', 'Location', 'Schedule', 'Slot', 'Appointment'] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

export const FHIR_JSON = 'application/fhir+json';
export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';
