import 'reflect-metadata';
import { findUnacceptableText, MultilineText, notSingleLineReason, singleLineProblems, unacceptableTextReason } from './text-rules';

describe('text a client may send', () => {
  it('refuses NUL, other control characters and unpaired surrogates anywhere', () => {
    expect(unacceptableTextReason('Ann\u0000')).toMatch(/NUL/);
    expect(unacceptableTextReason('Ann\u001b[31m')).toMatch(/U\+001B/);
    expect(unacceptableTextReason('Ann\u0085')).toMatch(/U\+0085/);
    expect(unacceptableTextReason('Ann\u007f')).toMatch(/U\+007F/);
    expect(unacceptableTextReason('half \ud83d emoji')).toMatch(/surrogate/);
    expect(unacceptableTextReason('\udc00 low first')).toMatch(/surrogate/);
  });

  it('keeps real text: accents, Welsh, emoji, tabs and line breaks', () => {
    for (const text of ['Siân Ó Súilleabháin', 'Ysbyty Gwynedd', 'Chloë 😀', 'line one\nline two\r\n\tindented', '']) {
      expect(unacceptableTextReason(text)).toBeNull();
    }
  });

  it('allows only one line in single-line text', () => {
    expect(notSingleLineReason('BMA')).toBeNull();
    expect(notSingleLineReason('BMA\nRCN')).toMatch(/line breaks/);
    expect(notSingleLineReason('BMA\u2028RCN')).toMatch(/line breaks/);
    expect(notSingleLineReason('BMA\tRCN')).toMatch(/tabs/);
    expect(notSingleLineReason('BMA\u0000')).toMatch(/NUL/);
  });

  it('names every bad string and key by its request path', () => {
    const body = { items: [{ givenName: 'Ann' }, { givenName: 'Bo\u0000b', address: { lines: ['1 Road', 'Flat\u0007'] } }], 'we\u0000ird': 1, 'odd key': 'x\u0001' };
    expect(findUnacceptableText(body).map((d) => d.field)).toEqual(['items[1].givenName', 'items[1].address.lines[1]', 'body', '["odd key"]']);
    expect(findUnacceptableText('top\u0000')).toEqual([{ field: 'body', message: expect.stringMatching(/NUL/) }]);
  });

  it('walks a very deep value without recursion', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnacceptableText(deep)).toHaveLength(1);
  });

  it('lets only @MultilineText() fields of a DTO keep line breaks, including nested DTOs and lists', () => {
    class Address {
      lines: string[];
    }
    class Incident {
      union: string;
      @MultilineText() description: string;
      @MultilineText() notes: string[];
      address: Address;
    }
    const address = Object.assign(new Address(), { lines: ['1 Road', 'Flat 2\nBlock B'] });
    const dto = Object.assign(new Incident(), { union: 'BMA\n', description: 'Two buses\ncollided', notes: ['a\nb'], address });
    expect(singleLineProblems(dto)).toEqual([
      { field: 'union', message: 'must be one line of text without line breaks' },
      { field: 'address.lines[1]', message: 'must be one line of text without line breaks' },
    ]);
  });
});
