import { CANCELLATION_REASON, EXTENSION, FHIR_JSON, SYSTEM } from './systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON out */

/** When this statement last changed (a fixed date: the statement describes the code, not the deployment). */
const STATEMENT_DATE = '2026-12-02';

/**
 * Exactly what the FHIR routes support (docs/fhir.md): transaction Bundles in (conditional updates of
 * Patient, Slot, Appointment by identifier; Location, Practitioner and Schedule matched or carried, not
 * stored), read and search of Appointment and Slot out, JSON only.
 */
export function capabilityStatement(baseUrl: string): Record<string, any> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Strike operations planner',
    kind: 'instance',
    implementation: { description: 'Strike operations planner: a trust’s appointments in and its postponements and rebookings out', url: baseUrl },
    fhirVersion: '4.0.1',
    format: [FHIR_JSON, 'json'],
    rest: [
      {
        mode: 'server',
        documentation: `Local code systems and extensions: ${Object.values(SYSTEM).filter((s) => s.includes('/CodeSystem/')).join(', ')}; ${Object.values(EXTENSION).join(', ')}. A postponed appointment is cancelled with cancelationReason ${SYSTEM.cancellationReason}#${CANCELLATION_REASON.industrialAction.code}.`,
        security: { cors: false, description: 'A bearer token from POST /api/v1/auth/token; the trust in the path must be the token’s (national admins see every trust). Writing needs a role that may write.' },
        resource: [
          {
            type: 'Appointment',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'no-version',
            readHistory: false,
            updateCreate: false,
            conditionalUpdate: true,
            searchParam: [
              { name: 'patient', type: 'reference', documentation: 'Patient/<id> as in participant.actor.reference; patient:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number>' },
              { name: 'status', type: 'token', documentation: 'booked, pending, cancelled, proposed (comma-separated for any of them)' },
              { name: 'date', type: 'date', documentation: 'the start: ge, gt, le, lt; repeat for both ends' },
              { name: '_lastUpdated', type: 'date', documentation: 'ge, gt, le, lt; results come in _lastUpdated order, paged with _count (1–500) and the next link' },
            ],
          },
          {
            type: 'Slot',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'no-version',
            readHistory: false,
            updateCreate: false,
            conditionalUpdate: true,
            searchParam: [
              { name: 'start', type: 'date', documentation: 'ge, gt, le, lt; results come in start order, paged with _count (1–500) and the next link' },
              { name: 'status', type: 'token', documentation: 'free or busy' },
              { name: '_lastUpdated', type: 'date', documentation: 'ge, gt, le, lt' },
            ],
          },
          { type: 'Patient', conditionalUpdate: true, documentation: 'In a transaction only: PUT Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number>' },
          { type: 'Location', documentation: `In a transaction only, matched to one of the trust’s sites by ${SYSTEM.odsSiteCode}; never created` },
          { type: 'Practitioner', documentation: `In a transaction only, matched to the trust’s staff by ${SYSTEM.gmcNumber}; never created` },
          { type: 'Schedule', documentation: 'In a transaction only: gives its slots their Location, Practitioner and specialty; not stored' },
        ],
        interaction: [{ code: 'transaction', documentation: 'All or nothing; every problem is reported in one OperationOutcome' }],
      },
    ],
  };
}
