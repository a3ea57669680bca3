/**
 * Rows written by a postponement or a rebooking chunk, given what their notices say: the patient's given
 * name and the site's name, read from organisations' ports in one query each for the whole set.
 */
export function withNoticeNames<R extends { patientId: string; siteId: string }>(
  rows: readonly R[],
  givenNames: ReadonlyMap<string, string>,
  placeNames: ReadonlyMap<string, string>,
): (R & { givenName: string; place: string })[] {
  return rows.map((row) => ({ ...row, givenName: givenNames.get(row.patientId) ?? '', place: placeNames.get(row.siteId) ?? '' }));
}
