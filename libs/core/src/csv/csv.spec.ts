import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes CRLF after every record, the last too, and nothing for no rows', () => {
    expect(toCsv([['a', 'b'], ['1', 2]])).toBe('a,b\r\n1,2\r\n');
    expect(toCsv([])).toBe('');
  });

  it('quotes fields with commas, quotes or line breaks (RFC 4180), doubling inner quotes', () => {
    const field = (value: string | number | null) => toCsv([[value]]).slice(0, -2);
    expect(field('a,b')).toBe('"a,b"');
    expect(field('say "hi"')).toBe('"say ""hi"""');
    expect(field('two\nlines')).toBe('"two\nlines"');
    expect(field('A&E\r\nMajors')).toBe('"A&E\r\nMajors"');
    expect(field(null)).toBe('');
    expect(field(12.5)).toBe('12.5');
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+44 cmd', "'+44 cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises a formula-looking text cell %p with a leading single quote', (value, expected) => {
    expect(toCsv([[value]])).toBe(`${expected}\r\n`);
  });

  it('writes numbers as numbers, a negative one too, and leaves ordinary text alone', () => {
    expect(toCsv([[-3, "Mary-Jane O'Neill", '07700 900123']])).toBe("-3,Mary-Jane O'Neill,07700 900123\r\n");
  });
});
