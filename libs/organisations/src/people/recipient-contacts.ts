import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** How a patient or staff member is reached; only what sending a message needs. */
export interface RecipientContact {
  /** A patient's own choice (null for staff, and for patients who did not say). */
  preferredChannel: 'sms' | 'email' | 'letter' | null;
  mobile: string | null;
  email: string | null;
  /** Postal address (patients only). */
  addressLines: string[] | null;
  postcode: string | null;
}

/**
 * The organisations lib's read port for messaging: the contact details of a set of patients and staff,
 * read inside the caller's transaction (the first argument). One statement for the whole set.
 */
@Injectable()
export class RecipientContacts {
  /** Contacts by id (patients and staff in one map: their ids are distinct uuids); unknown ids are absent. */
  async contactsOf(tx: UnitOfWork, recipients: { patientIds: readonly string[]; staffIds: readonly string[] }): Promise<Map<string, RecipientContact>> {
    if (!recipients.patientIds.length && !recipients.staffIds.length) return new Map();
    const rows: (RecipientContact & { id: string })[] = await tx.query(
      `SELECT id, preferred_channel AS "preferredChannel", mobile, email, address_lines AS "addressLines", postcode FROM patient WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT id, NULL, mobile, email, NULL, NULL FROM staff WHERE id = ANY($2::uuid[])`,
      [[...new Set(recipients.patientIds)], [...new Set(recipients.staffIds)]],
    );
    return new Map(rows.map(({ id, ...contact }) => [id, contact]));
  }
}
