import { CoverError, CoverErrorCode } from './cover.errors';

describe('cover errors', () => {
  it('gives every code an HTTP status as docs/errors.md lists it: 404 lookups, 400 input, 409 state, 422 rules', () => {
    const status = (code: CoverErrorCode) => new CoverError(code, 'x').httpStatus;
    for (const code of Object.values(CoverErrorCode)) expect([400, 404, 409, 422]).toContain(status(code));
    expect(status(CoverErrorCode.ConsentNotRecorded)).toBe(400);
    expect(status(CoverErrorCode.ShiftOverlap)).toBe(409);
    expect(status(CoverErrorCode.ScopeOfPractice)).toBe(422);
    expect(status(CoverErrorCode.RestTooShort)).toBe(422);
    expect(status(CoverErrorCode.CalendarNotFound)).toBe(404);
  });

  it('names a refusal by its first rule and lists them all, overlap as a 409 conflict', () => {
    const error = CoverError.refused([
      { code: 'OVERLAP', message: 'overlaps' },
      { code: 'WORKING_TIME_REST', message: 'rest' },
    ]);
    expect(error.code).toBe('SHIFT_OVERLAP');
    expect(error.httpStatus).toBe(409);
    expect(error.details).toEqual([
      { code: 'SHIFT_OVERLAP', message: 'overlaps' },
      { code: 'WORKING_TIME_REST', message: 'rest' },
    ]);
    expect(CoverError.refused([{ code: 'WORKING_TIME_WEEKLY_LIMIT', message: 'x' }]).httpStatus).toBe(422);
  });
});
