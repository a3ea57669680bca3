/**
 * The contact details of a message's recipient, as a join another lib adds to its own statement:
 * `preferred_channel, mobile, email, address_lines, postcode` under `alias`, from the patient row
 * `patientIdColumn` names or the staff row `staffIdColumn` names (whichever is set).
 *
 * This is the one read port published as SQL rather than as a method: the dispatcher loads a batch of
 * messages with their recipients on the send path of every recall, and a second round trip there cost
 * about 80 ms to the first recall under a 100,000-notice backlog (bench:recall). The patient and staff
 * columns are still named only here, in the lib that owns them (docs/architecture.md, "One owner per
 * table"). The arguments are column references written by the caller, never input.
 */
export function recipientContactJoin(alias: string, patientIdColumn: string, staffIdColumn: string): string {
  return `LEFT JOIN LATERAL (
         SELECT p.preferred_channel, p.mobile, p.email, p.address_lines, p.postcode FROM patient p WHERE p.id = ${patientIdColumn}
         UNION ALL
         SELECT NULL, s.mobile, s.email, NULL, NULL FROM staff s WHERE s.id = ${staffIdColumn}
       ) ${alias} (preferred_channel, mobile, email, address_lines, postcode) ON true`;
}
