import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(nestedArrays(MAX_JSON_DEPTH)))).toBe(false);
    expect(exceedsJsonDepth(bytes(nestedArrays(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('counts objects and arrays alike', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
  });

  it('measures depth, not the number of siblings', () => {
    const wide = JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => ({ staffNumber: `C${i}`, address: { lines: ['1 Road'] } })) });
    expect(exceedsJsonDepth(bytes(wide), 5)).toBe(false);
  });

  it('ignores brackets and escaped quotes inside strings', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ name: '[[[[[[{{{{ "quoted \\" [[[[' })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes('["\\\\", [[1]]]'), 2)).toBe(true);
  });

  it('handles multi-byte UTF-8 text', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ name: 'Siân Ó Súilleabháin 😀 [' })), 1)).toBe(false);
  });

  it('walks a 5 MB pathological body without recursion', () => {
    expect(exceedsJsonDepth(bytes(nestedArrays(2_500_000)))).toBe(true);
  });
});
