import { londonDateTimeValues, parseLondonDateTime } from './london-form-time';

const at = (day: string, month: string, year: string, time: string) => parseLondonDateTime({ day, month, year, time }, 'startsAt', 'The start');

describe('London wall-clock times typed into a form', () => {
  it('reads a winter time as GMT and a summer time as BST', () => {
    expect(at('12', '1', '2026', '07:00')).toEqual({ ok: true, instant: new Date('2026-01-12T07:00:00Z'), note: null });
    expect(at('10', '6', '2026', '07:00')).toEqual({ ok: true, instant: new Date('2026-06-10T06:00:00Z'), note: null });
  });

  it('gets the days either side of the spring clock change right', () => {
    // Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    expect(at('28', '3', '2026', '07:00')).toMatchObject({ ok: true, instant: new Date('2026-03-28T07:00:00Z') });
    expect(at('29', '3', '2026', '07:00')).toMatchObject({ ok: true, instant: new Date('2026-03-29T06:00:00Z') });
  });

  it('refuses a time in the hour the clocks skip, on the time box', () => {
    expect(at('29', '3', '2026', '01:30')).toEqual({ ok: false, problems: [{ field: 'startsAt-time', message: expect.stringContaining('does not exist on that date') }] });
  });

  it('takes the first 01:30 on the night the clocks go back, and says so', () => {
    const result = at('25', '10', '2026', '01:30');
    expect(result).toMatchObject({ ok: true, instant: new Date('2026-10-25T00:30:00Z') });
    expect(result.ok && result.note).toContain('happens twice');
    expect(at('26', '10', '2026', '07:00')).toMatchObject({ ok: true, instant: new Date('2026-10-26T07:00:00Z') });
  });

  it('names the box to fix, in plain words', () => {
    expect(at('', '', '', '')).toEqual({ ok: false, problems: [{ field: 'startsAt-day', message: 'Enter the start' }] });
    expect(at('12', '', '2026', '07:00')).toEqual({ ok: false, problems: [{ field: 'startsAt-month', message: 'The start must include a month' }] });
    expect(at('31', '2', '2026', '07:00')).toEqual({ ok: false, problems: [{ field: 'startsAt-day', message: 'The start must be a real date' }] });
    expect(at('12', '1', '26', '07:00')).toMatchObject({ ok: false, problems: [{ field: 'startsAt-year' }] });
    expect(at('12', '1', '2026', '7am')).toMatchObject({ ok: false, problems: [{ field: 'startsAt-time', message: expect.stringContaining('24-hour clock') }] });
    expect(at('12', '1', '2026', '24:00')).toMatchObject({ ok: false, problems: [{ field: 'startsAt-time' }] });
    expect(at('12', '1', '2026', '')).toMatchObject({ ok: false, problems: [{ field: 'startsAt-time', message: expect.stringContaining('must include a time') }] });
  });

  it('accepts 0700 and 7.00 as well as 07:00', () => {
    expect(at('12', '1', '2026', '0700')).toMatchObject({ ok: true, instant: new Date('2026-01-12T07:00:00Z') });
    expect(at('12', '1', '2026', '7.00')).toMatchObject({ ok: true, instant: new Date('2026-01-12T07:00:00Z') });
  });

  it('fills the boxes back in London time', () => {
    expect(londonDateTimeValues(new Date('2026-06-10T06:00:00Z'))).toEqual({ day: '10', month: '6', year: '2026', time: '07:00' });
  });
});
