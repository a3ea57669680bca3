import { CommonError, DomainError, ErrorDetail, parseInstantWithOffset, Transactions, UnitOfWork } from '@app/core';
import { IdentityLookupService, OrganisationService, PatientImportItemDto, PeopleService } from '@app/organisations';
import { AppointmentFeedService, AppointmentImportItem, AppointmentImportItemDto, BookingService, SlotImportItem, SlotImportItemDto } from '@app/rebooking';
import { Injectable, Logger } from '@nestjs/common';
import { BundleProblem, entryIndexOf, readTransactionBundle } from '../engine/bundle-reader';
import { keysToLookUp, resolveBundle, ResolvedBundle } from '../engine/bundle-resolver';
import { fhirPathOf, rowProblems } from '../engine/row-rules';
import { BundleEntryError } from '../fhir.errors';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON out */

/** Fields the resolver fills from references: when one is missing, the resolver has said why already. */
const RESOLVED_FIELDS = new Set(['siteId', 'clinicianStaffNumber', 'nhsNumber', 'slotExternalRef']);

export interface TransactionOutcome {
  bundle: Record<string, any>;
  counts: { patients: number; slots: number; appointments: number; created: number; updated: number; unchanged: number };
}

/**
 * A FHIR transaction Bundle in: read and checked as a whole (every problem in one OperationOutcome),
 * then written by the JSON imports themselves (patients, slots, appointments: the same rules, the same
 * set-based upserts) inside one transaction, so the bundle is saved whole or not at all.
 */
@Injectable()
export class BundleImportService {
  private readonly logger = new Logger('FhirImport');

  constructor(
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationService,
    private readonly identities: IdentityLookupService,
    private readonly people: PeopleService,
    private readonly bookings: BookingService,
    private readonly feed: AppointmentFeedService,
  ) {}

  async importBundle(trustId: string, body: unknown): Promise<TransactionOutcome> {
    await this.organisations.getTrust(trustId);
    const read = readTransactionBundle(body);
    if (read.entries === 0) throw rejection(read.problems);

    const keys = keysToLookUp(read);
    const [siteIdsByOdsCode, staffNumbersByGmcNumber, [patientIdsByNhsNumber, slotIdsByRef, appointmentIdsByRef]] = await Promise.all([
      this.identities.siteIdsByOdsCode(trustId, keys.odsSiteCodes),
      this.identities.staffNumbersByGmcNumber(trustId, keys.gmcNumbers),
      // One snapshot of what the bundle's references already name (a read-only transaction, no locks).
      this.transactions.run((tx) =>
        Promise.all([this.people.patientIdsByNhsNumber(tx, trustId, keys.nhsNumbers), this.feed.slotIdsByRef(tx, trustId, keys.slotRefs), this.feed.appointmentIdsByRef(tx, trustId, keys.appointmentRefs)]),
      ),
    ]);
    const resolved = resolveBundle(read, { siteIdsByOdsCode, staffNumbersByGmcNumber, patientIdsByNhsNumber, slotIdsByRef, appointmentIdsByRef });
    const problems = [...resolved.problems, ...this.rowRuleProblems(resolved)].sort((a, b) => entryIndexOf(a.expression) - entryIndexOf(b.expression));
    if (problems.length) throw rejection(problems);

    const patients = resolved.patients.map((row) => row.item as unknown as PatientImportItemDto);
    const slots: SlotImportItem[] = resolved.slots.map(({ item }) => ({
      externalRef: item.externalRef,
      siteId: item.siteId!,
      specialty: item.specialty!,
      kind: item.kind as SlotImportItem['kind'],
      clinicianStaffNumber: item.clinicianStaffNumber,
      startsAt: parseInstantWithOffset(item.startsAt!)!,
      endsAt: parseInstantWithOffset(item.endsAt!)!,
      capacity: item.capacity,
    }));
    const appointments = resolved.appointments.map(({ item }) => item as AppointmentImportItem);

    const written = await this.transactions.run(async (tx) => {
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const add = (result: { created: number; updated: number; unchanged?: number }) => {
        counts.created += result.created;
        counts.updated += result.updated;
        counts.unchanged += result.unchanged ?? 0;
      };
      if (patients.length) add(await this.stage(resolved, 'patients', () => this.people.importPatientsWithin(tx, trustId, patients)));
      if (slots.length) add(await this.stage(resolved, 'slots', () => this.bookings.importSlotsWithin(tx, trustId, slots)));
      if (appointments.length) add(await this.stage(resolved, 'appointments', () => this.bookings.importAppointmentsWithin(tx, trustId, appointments)));
      return { counts, ids: await this.idsAfter(trustId, resolved, tx) };
    });

    const existing = { Patient: patientIdsByNhsNumber, Slot: slotIdsByRef, Appointment: appointmentIdsByRef };
    const entry: Record<string, any>[] = Array.from({ length: read.entries }, () => ({ response: { status: '200 OK' } }));
    const respond = (index: number, type: 'Patient' | 'Slot' | 'Appointment', key: string, id: string | undefined) => {
      entry[index] = { response: { status: existing[type].has(key) ? '200 OK' : '201 Created', ...(id && type !== 'Patient' ? { location: `${type}/${id}` } : {}) } };
    };
    for (const { read: row } of resolved.patients) respond(row.entry, 'Patient', row.nhsNumber, written.ids.patients.get(row.nhsNumber));
    for (const { read: row } of resolved.slots) respond(row.entry, 'Slot', row.externalRef, written.ids.slots.get(row.externalRef));
    for (const { read: row } of resolved.appointments) respond(row.entry, 'Appointment', row.externalRef, written.ids.appointments.get(row.externalRef));

    const counts = { patients: patients.length, slots: slots.length, appointments: appointments.length, ...written.counts };
    this.logger.log({ msg: 'fhir bundle imported', trustId, ...counts });
    return { bundle: { resourceType: 'Bundle', type: 'transaction-response', entry }, counts };
  }

  private rowRuleProblems(resolved: ResolvedBundle): BundleProblem[] {
    // A resolved field that is missing was reported by the resolver (its reference); the row rules would only repeat it.
    const rows = <Item extends object>(list: { item: Item; read: { paths: Record<string, string>; at: string } }[]) =>
      list.map(({ item, read }) => ({
        item,
        paths: read.paths,
        at: read.at,
        skip: new Set(Object.keys(item).filter((field) => RESOLVED_FIELDS.has(field) && (item as Record<string, unknown>)[field] === undefined)),
      }));
    return [...rowProblems(PatientImportItemDto, rows(resolved.patients)), ...rowProblems(SlotImportItemDto, rows(resolved.slots)), ...rowProblems(AppointmentImportItemDto, rows(resolved.appointments))];
  }

  /** Runs one import; its refusal names the bundle elements instead of the import's rows. */
  private async stage<T>(resolved: ResolvedBundle, kind: 'patients' | 'slots' | 'appointments', work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const rows = resolved[kind].map((row) => row.read);
      const details = error.details.map((detail): ErrorDetail => {
        const match = /^items\[(\d+)\](?:\.(.+))?$/.exec(detail.field ?? '');
        const row = match ? rows[Number(match[1])] : undefined;
        if (!row) return { message: detail.message, ...(detail.code ? { code: detail.code } : {}) };
        return { field: fhirPathOf(match![2], row.paths, row.at), message: detail.message.replace(/items\[(\d+)\]\.\w+/g, (_all, n) => rows[Number(n)]?.at ?? _all), ...(detail.code ? { code: detail.code } : {}) };
      });
      throw new BundleEntryError(error.httpStatus, error.code, error.message, details, error.options);
    }
  }

  private async idsAfter(trustId: string, resolved: ResolvedBundle, tx: UnitOfWork) {
    const [patients, slots, appointments] = await Promise.all([
      this.people.patientIdsByNhsNumber(tx, trustId, resolved.patients.map((p) => p.read.nhsNumber)),
      this.feed.slotIdsByRef(tx, trustId, resolved.slots.map((s) => s.read.externalRef)),
      this.feed.appointmentIdsByRef(tx, trustId, resolved.appointments.map((a) => a.read.externalRef)),
    ]);
    return { patients, slots, appointments };
  }
}

function rejection(problems: BundleProblem[]): CommonError {
  const details = problems.map((problem): ErrorDetail => ({ field: problem.expression, code: problem.issue, message: problem.message }));
  return CommonError.validation(details, `${problems.length} problem(s) in the bundle; nothing was saved`);
}
