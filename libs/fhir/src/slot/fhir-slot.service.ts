import { toPage } from '@app/core';
import { decodeSearchCursor } from '../engine/cursor';
import { IdentityLookupService, OrganisationService } from '@app/organisations';
import { AppointmentFeedService, FeedSlot } from '@app/rebooking';
import { Injectable } from '@nestjs/common';
import { FhirResource, slotResource } from '../engine/resources-out';
import { SlotSearch } from '../engine/search-params';
import { FhirError, FhirErrorCode } from '../fhir.errors';

/** Slots out, as FHIR R4 resources naming their site (ODS code) and clinician (GMC number) by identifier. */
@Injectable()
export class FhirSlotService {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly feed: AppointmentFeedService,
    private readonly identities: IdentityLookupService,
  ) {}

  async read(trustId: string, slotId: string): Promise<FhirResource> {
    await this.organisations.getTrust(trustId);
    const slot = await this.feed.slot(trustId, slotId);
    if (!slot) throw new FhirError(FhirErrorCode.ResourceNotFound, 'Slot not found');
    return (await this.toResources(trustId, [slot]))[0];
  }

  async search(trustId: string, search: SlotSearch): Promise<{ resources: FhirResource[]; nextCursor: string | null }> {
    await this.organisations.getTrust(trustId);
    const after = decodeSearchCursor(search.cursor);
    const rows = await this.feed.slotsByStart(trustId, {
      free: search.free,
      starts: search.starts,
      updated: search.updated,
      after,
      limit: search.count + 1,
    });
    const page = toPage(rows, search.count, (s) => [s.startsAt.toISOString(), s.id], (s) => s);
    return { resources: await this.toResources(trustId, page.items), nextCursor: page.nextCursor };
  }

  private async toResources(trustId: string, slots: FeedSlot[]): Promise<FhirResource[]> {
    const [siteCodes, gmcNumbers] = await Promise.all([
      this.identities.odsCodesBySiteId(trustId, slots.map((s) => s.siteId)),
      this.identities.gmcNumbersByStaffNumber(trustId, slots.flatMap((s) => (s.clinicianStaffNumber ? [s.clinicianStaffNumber] : []))),
    ]);
    return slots.map((slot) => slotResource(slot, { odsSiteCode: siteCodes.get(slot.siteId), gmcNumber: slot.clinicianStaffNumber ? gmcNumbers.get(slot.clinicianStaffNumber) : undefined }));
  }
}
