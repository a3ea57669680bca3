import { smsCost, smsFragments, smsLength } from './sms-fragments';

describe('smsFragments', () => {
  it.each<[string, string, { encoding: string; characters: number; fragments: number; withinLimit: boolean }]>([
    ['plain', 'Your appointment on 14 January is going ahead. Please attend as planned.', { encoding: 'gsm', characters: 72, fragments: 1, withinLimit: true }],
    ['empty', '', { encoding: 'gsm', characters: 0, fragments: 0, withinLimit: true }],
    ['exactly 160', 'a'.repeat(160), { encoding: 'gsm', characters: 160, fragments: 1, withinLimit: true }],
    ['161', 'a'.repeat(161), { encoding: 'gsm', characters: 161, fragments: 2, withinLimit: true }],
    ['306 = two full fragments', 'a'.repeat(306), { encoding: 'gsm', characters: 306, fragments: 2, withinLimit: true }],
    ['307', 'a'.repeat(307), { encoding: 'gsm', characters: 307, fragments: 3, withinLimit: true }],
    ['€ and [ ] count twice', 'Parking costs €5 [pay at the machine]', { encoding: 'gsm', characters: 40, fragments: 1, withinLimit: true }],
    ['159 + € tips into two', 'a'.repeat(159) + '€', { encoding: 'gsm', characters: 161, fragments: 2, withinLimit: true }],
    ['£ and é are GSM', 'Café: £3', { encoding: 'gsm', characters: 8, fragments: 1, withinLimit: true }],
    ['exactly 918', 'a'.repeat(918), { encoding: 'gsm', characters: 918, fragments: 6, withinLimit: true }],
    ['919', 'a'.repeat(919), { encoding: 'gsm', characters: 919, fragments: 7, withinLimit: false }],
    ['917 + € is 919', 'a'.repeat(917) + '€', { encoding: 'gsm', characters: 919, fragments: 7, withinLimit: false }],
    ['Welsh', 'Mae eich apwyntiad yn mynd yn ei flaen. Dewch fel y trefnwyd. Diolch yn fawr, ŵyr', { encoding: 'unicode', characters: 81, fragments: 2, withinLimit: true }],
    ['Welsh exactly 70', 'ŷ' + 'a'.repeat(69), { encoding: 'unicode', characters: 70, fragments: 1, withinLimit: true }],
    ['Welsh 71', 'ŷ' + 'a'.repeat(70), { encoding: 'unicode', characters: 71, fragments: 2, withinLimit: true }],
    ['Unicode 134 = two full', 'ŵ' + 'a'.repeat(133), { encoding: 'unicode', characters: 134, fragments: 2, withinLimit: true }],
    ['Unicode 135', 'ŵ' + 'a'.repeat(134), { encoding: 'unicode', characters: 135, fragments: 3, withinLimit: true }],
    ['emoji takes two code units', 'Thanks 👍', { encoding: 'unicode', characters: 9, fragments: 1, withinLimit: true }],
    ['Unicode 919', 'ŵ' + 'a'.repeat(918), { encoding: 'unicode', characters: 919, fragments: 14, withinLimit: false }],
    ['every extension character counts twice', '[]{}^\\|~€', { encoding: 'gsm', characters: 18, fragments: 1, withinLimit: true }],
    ['80 braces are 160: one fragment', '{'.repeat(80), { encoding: 'gsm', characters: 160, fragments: 1, withinLimit: true }],
    ['459 pipes are 918: six fragments, the most there is', '|'.repeat(459), { encoding: 'gsm', characters: 918, fragments: 6, withinLimit: true }],
    ['a curly quote is not GSM: the whole text goes Unicode', 'It’s ' + 'a'.repeat(155), { encoding: 'unicode', characters: 160, fragments: 3, withinLimit: true }],
    ['Unicode exactly 918', 'ŷ' + 'a'.repeat(917), { encoding: 'unicode', characters: 918, fragments: 14, withinLimit: true }],
  ])('%s', (_name, text, expected) => {
    expect(smsFragments(text)).toEqual(expected);
  });
});

describe('smsCost', () => {
  it('prices fragments at 2.4p plus 20% VAT', () => {
    expect(smsCost(1, { pencePerFragment: 2.4, vatPercent: 20 })).toEqual({ pence: 2.4, penceWithVat: 2.9 });
    expect(smsCost(1000, { pencePerFragment: 2.4, vatPercent: 20 })).toEqual({ pence: 2400, penceWithVat: 2880 });
    expect(smsCost(0, { pencePerFragment: 2.4, vatPercent: 20 })).toEqual({ pence: 0, penceWithVat: 0 });
  });
});

describe('smsLength', () => {
  it('is what the 918 applies to: GSM with extension characters twice, Unicode by character', () => {
    expect(smsLength('a'.repeat(917) + '€')).toBe(919);
    expect(smsLength('ŵ'.repeat(918))).toBe(918);
    expect(smsLength('Thanks 👍')).toBe(8);
  });
});
