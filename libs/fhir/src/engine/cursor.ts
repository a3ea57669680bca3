import { CommonError, decodeCursor } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `_cursor` from a next link: (an instant, an id), or a 400 naming `_cursor`. */
export function decodeSearchCursor(cursor: string | undefined): [string, string] | null {
  const refused = CommonError.validation([{ field: '_cursor', message: 'is not a cursor this search returned' }], 'The search parameters are not valid');
  let key: (string | number)[] | null;
  try {
    key = decodeCursor(cursor, 2);
  } catch {
    throw refused;
  }
  if (!key) return null;
  const [at, id] = key.map(String);
  if (!UUID.test(id) || Number.isNaN(Date.parse(at))) throw refused;
  return [at, id];
}
