import { toPage, Transactions } from '@app/core';
import { decodeSearchCursor } from '../engine/cursor';
import { IdentityLookupService, OrganisationService, PeopleService } from '@app/organisations';
import { AppointmentFeedService, FeedAppointment } from '@app/rebooking';
import { Injectable } from '@nestjs/common';
import { appointmentResource, FhirResource } from '../engine/resources-out';
import { AppointmentSearch } from '../engine/search-params';
import { FhirError, FhirErrorCode } from '../fhir.errors';

/** Appointments out, as FHIR R4 resources with the national identifiers of what they refer to. */
@Injectable()
export class FhirAppointmentService {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly feed: AppointmentFeedService,
    private readonly identities: IdentityLookupService,
    private readonly people: PeopleService,
    private readonly transactions: Transactions,
  ) {}

  async read(trustId: string, appointmentId: string): Promise<FhirResource> {
    await this.organisations.getTrust(trustId);
    const appointment = await this.feed.appointment(trustId, appointmentId);
    if (!appointment) throw new FhirError(FhirErrorCode.ResourceNotFound, 'Appointment not found');
    return (await this.toResources(trustId, [appointment]))[0];
  }

  async search(trustId: string, search: AppointmentSearch): Promise<{ resources: FhirResource[]; nextCursor: string | null }> {
    await this.organisations.getTrust(trustId);
    const after = decodeSearchCursor(search.cursor);
    let patientId: string | undefined;
    if (search.patient && 'id' in search.patient) patientId = search.patient.id;
    if (search.patient && 'nhsNumber' in search.patient) {
      const nhsNumber = search.patient.nhsNumber;
      patientId = (await this.transactions.run((tx) => this.people.patientIdsByNhsNumber(tx, trustId, [nhsNumber]))).get(nhsNumber);
      if (!patientId) return { resources: [], nextCursor: null };
    }
    if (search.statuses && search.statuses.length === 0) return { resources: [], nextCursor: null };
    const rows = await this.feed.appointmentsChanged(trustId, {
      patientId,
      statuses: search.statuses,
      starts: search.starts,
      updated: search.updated,
      after,
      limit: search.count + 1,
    });
    const page = toPage(rows, search.count, (a) => [a.updatedKey, a.id], (a) => a);
    return { resources: await this.toResources(trustId, page.items), nextCursor: page.nextCursor };
  }

  /** One look-up per kind of identifier for the whole page. */
  private async toResources(trustId: string, appointments: FeedAppointment[]): Promise<FhirResource[]> {
    const [nhsNumbers, siteCodes, gmcNumbers] = await Promise.all([
      this.identities.nhsNumbersByPatientId(trustId, appointments.map((a) => a.patientId)),
      this.identities.odsCodesBySiteId(trustId, appointments.map((a) => a.siteId)),
      this.identities.gmcNumbersByStaffNumber(trustId, appointments.flatMap((a) => (a.clinicianStaffNumber ? [a.clinicianStaffNumber] : []))),
    ]);
    return appointments.map((a) =>
      appointmentResource(a, {
        nhsNumber: nhsNumbers.get(a.patientId),
        odsSiteCode: siteCodes.get(a.siteId),
        gmcNumber: a.clinicianStaffNumber ? gmcNumbers.get(a.clinicianStaffNumber) : undefined,
      }),
    );
  }
}
