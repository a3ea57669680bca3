import { CommonError, decodeCursor, DEFAULT_PAGE_SIZE, normaliseNhsNumber, normaliseUkMobile, normaliseUkPostcode, Page, toPage, Transactions, UnitOfWork } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { PatientImportItemDto, StaffImportItemDto } from './people.dto';
import { byRowIndex, duplicateKeyProblems, placementProblems } from '../engine/import-rules';
import { OrganisationService } from '../trusts/organisation.service';
import { ListedPatient, PatientRecord, PeopleRepository, StaffRecord, UpsertCounts, PatientContact } from './people.repository';

/** Staff and patient imports: validated as a whole, then written in one transaction or not at all. */
@Injectable()
export class PeopleService {
  private readonly logger = new Logger('People');

  constructor(
    private readonly people: PeopleRepository,
    private readonly transactions: Transactions,
    private readonly organisationService: OrganisationService,
  ) {}

  async importStaff(trustId: string, items: StaffImportItemDto[]): Promise<UpsertCounts> {
    await this.organisationService.getTrust(trustId);
    const siteIds = unique(items.map((i) => i.siteId));
    const departmentIds = unique(items.map((i) => i.departmentId));
    const { trustSites, departmentSites } = await this.organisationService.placementsOfTrust(trustId, siteIds, departmentIds);
    const problems = [...duplicateKeyProblems(items, 'staffNumber', (i) => i.staffNumber), ...placementProblems(items, trustSites, departmentSites)];
    if (problems.length) throw CommonError.validation(byRowIndex(problems), `${problems.length} problem(s) in the import; nothing was saved`);

    const rows = items.map((item) => ({
      staffNumber: item.staffNumber,
      givenName: item.givenName,
      familyName: item.familyName,
      grade: item.grade,
      specialty: item.specialty,
      // A department implies its site, so cover and recall can place the person without a second lookup.
      siteId: item.siteId ?? (item.departmentId ? (departmentSites.get(item.departmentId) ?? null) : null),
      departmentId: item.departmentId ?? null,
      mobile: item.mobile ? normaliseUkMobile(item.mobile) : null,
      email: item.email?.toLowerCase() ?? null,
      gmcNumber: item.gmcNumber ?? null,
    }));
    const counts = await this.transactions.run((tx) => this.people.upsertStaff(tx, trustId, rows));
    this.logger.log({ msg: 'staff imported', trustId, ...counts });
    return counts;
  }

  /** One import, in its own transaction. */
  importPatients(trustId: string, items: PatientImportItemDto[]): Promise<UpsertCounts> {
    return this.transactions.run((tx) => this.importPatientsWithin(tx, trustId, items));
  }

  /** The same inside the caller's transaction (one all-or-nothing import of several kinds: FHIR bundles). */
  async importPatientsWithin(tx: UnitOfWork, trustId: string, items: PatientImportItemDto[]): Promise<UpsertCounts> {
    await this.organisationService.getTrust(trustId);
    const problems = duplicateKeyProblems(items, 'nhsNumber', (i) => normaliseNhsNumber(i.nhsNumber));
    const today = new Date().toISOString().slice(0, 10);
    items.forEach((item, index) => {
      if (item.dateOfBirth > today) problems.push({ field: `items[${index}].dateOfBirth`, message: 'is in the future' });
    });
    if (problems.length) throw CommonError.validation(byRowIndex(problems), `${problems.length} problem(s) in the import; nothing was saved`);

    const rows = items.map((item) => ({
      nhsNumber: normaliseNhsNumber(item.nhsNumber),
      givenName: item.givenName,
      familyName: item.familyName,
      dateOfBirth: item.dateOfBirth,
      mobile: item.mobile ? normaliseUkMobile(item.mobile) : null,
      email: item.email?.toLowerCase() ?? null,
      addressLines: item.address ? item.address.lines.map((line) => line.trim()) : null,
      postcode: item.address ? normaliseUkPostcode(item.address.postcode) : null,
      preferredChannel: item.preferredChannel ?? null,
    }));
    const counts = await this.people.upsertPatients(tx, trustId, rows);
    this.logger.log({ msg: 'patients imported', trustId, ...counts });
    return counts;
  }

  async listStaff(trustId: string, query: { limit?: number; cursor?: string; grade?: string; siteId?: string }): Promise<Page<StaffRecord>> {
    await this.organisationService.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    const rows = await this.people.listStaff(trustId, after ? String(after[0]) : null, limit + 1, { grade: query.grade, siteId: query.siteId });
    return toPage(rows, limit, (s) => [s.staffNumber], (s) => s);
  }

  /** Patients of the trust by name (every word of `q` somewhere in "given family") and/or exact NHS number. */
  async listPatients(trustId: string, query: { nhsNumber?: string; q?: string; limit?: number; cursor?: string }): Promise<Page<PatientRecord>> {
    await this.organisationService.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 3);
    const rows = await this.people.listPatients(trustId, {
      nhsNumber: query.nhsNumber ? normaliseNhsNumber(query.nhsNumber) : undefined,
      nameWords: nameWords(query.q),
      after: after ? [String(after[0]), String(after[1]), String(after[2])] : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (p: ListedPatient) => [...p.sortKey, p.id], ({ sortKey: _sortKey, ...patient }) => patient);
  }

  staffIdsByNumber(trustId: string, staffNumbers: string[]): Promise<Map<string, string>> {
    return this.people.staffIdsByNumber(trustId, staffNumbers);
  }

  /** Contact details of the trust's patients among `ids`, for the booking team and the call centre (trust admins only). */
  patientContacts(trustId: string, ids: string[]): Promise<Map<string, PatientContact>> {
    return this.people.patientContacts(trustId, [...new Set(ids)]);
  }

  /** NHS numbers are normalised (spaces removed) before the lookup; the map is keyed by the normalised number. */
  patientIdsByNhsNumber(tx: UnitOfWork, trustId: string, nhsNumbers: string[]): Promise<Map<string, string>> {
    return this.people.patientIdsByNhsNumber(tx, trustId, [...new Set(nhsNumbers.map(normaliseNhsNumber))]);
  }
}

/** At most this many words of a name search are used (a name, not a sentence). */
const MAX_NAME_WORDS = 5;

function nameWords(q: string | undefined): string[] {
  return (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_NAME_WORDS);
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
