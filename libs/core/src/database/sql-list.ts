/**
 * A list of string constants as SQL literals (`'booked', 'offered'`), for fragments derived from the
 * same TypeScript constants the code uses (a status list rendered into `IN (…)`), so the SQL cannot
 * drift from them. For constants only, never for input: input goes in as a bind parameter.
 */
export function sqlStringList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}
