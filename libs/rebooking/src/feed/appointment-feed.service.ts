import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { AppointmentFeedFilter, AppointmentFeedRepository, FeedAppointment, FeedSlot, SlotFeedFilter } from './appointment-feed.repository';

/**
 * What other systems read back (the FHIR routes, docs/fhir.md): appointments and slots by id, a trust's
 * appointments in the order they changed (a feed a client polls with `_lastUpdated`), its slots in start
 * order. Another trust's rows are never returned. Callers page with `limit + 1` rows (core's toPage).
 */
@Injectable()
export class AppointmentFeedService {
  constructor(private readonly feed: AppointmentFeedRepository) {}

  appointment(trustId: string, appointmentId: string): Promise<FeedAppointment | null> {
    return this.feed.appointment(trustId, appointmentId);
  }

  appointmentsChanged(trustId: string, filter: AppointmentFeedFilter): Promise<FeedAppointment[]> {
    return this.feed.appointments(trustId, filter);
  }

  slot(trustId: string, slotId: string): Promise<FeedSlot | null> {
    return this.feed.slot(trustId, slotId);
  }

  slotsByStart(trustId: string, filter: SlotFeedFilter): Promise<FeedSlot[]> {
    return this.feed.slots(trustId, filter);
  }

  /** externalRef → id, as `tx` sees them (with what it has written). */
  appointmentIdsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, string>> {
    return this.feed.appointmentIdsByRef(tx, trustId, [...new Set(refs)]);
  }

  slotIdsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, string>> {
    return this.feed.slotIdsByRef(tx, trustId, [...new Set(refs)]);
  }
}
