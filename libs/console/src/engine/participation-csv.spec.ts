import { parseParticipationCsv } from './participation-csv';

describe('the participation CSV', () => {
  it('reads a spreadsheet’s headers and answers', async () => {
    await expect(parseParticipationCsv('\uFEFFStaff Number,Intends to strike\r\nR1001,Yes\r\nR1002,n\r\nR1003,\r\n')).resolves.toEqual({
      ok: true,
      rows: [
        { line: 2, staffNumber: 'R1001', intendsToStrike: 'yes' },
        { line: 3, staffNumber: 'R1002', intendsToStrike: 'no' },
        { line: 4, staffNumber: 'R1003', intendsToStrike: 'unknown' },
      ],
    });
  });

  it('names each bad line, and a repeated staff number', async () => {
    await expect(parseParticipationCsv('staffNumber,intendsToStrike\nR1,maybe\nR 2,yes\nR1,no\n')).resolves.toEqual({
      ok: false,
      problems: ['Line 2: intends to strike must be yes, no or unknown', 'Line 3: the staff number must be 1 to 32 letters, digits or dashes', 'Line 4: staff number R1 is already on line 2'],
    });
  });

  it('refuses a file without the columns, an empty one, and one that is not CSV', async () => {
    await expect(parseParticipationCsv('name,answer\nA,yes')).resolves.toEqual({ ok: false, problems: ['The first line must name the columns: staff number, intends to strike'] });
    await expect(parseParticipationCsv('  ')).resolves.toEqual({ ok: false, problems: ['The file is empty'] });
    await expect(parseParticipationCsv('staff number,intends to strike\n"R1,yes\n')).resolves.toMatchObject({ ok: false, problems: [expect.stringContaining('not a CSV file')] });
  });
});
