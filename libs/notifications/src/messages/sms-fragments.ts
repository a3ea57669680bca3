/**
 * How many SMS fragments GOV.UK Notify counts (and charges) for a text — docs/domain.md "Channels,
 * wording and statuses" records the rules and where they come from (Notify's pricing and text message
 * length guidance). Pure.
 *
 * - GSM 03.38 7-bit: 160 characters in one fragment, else 153 per fragment; the extension characters
 *   `[]{}^\|~€` and form feed take two.
 * - Any character outside the GSM alphabet (Welsh ŵ ŷ, emoji) makes the whole text Unicode: 70 in one
 *   fragment, else 67 per fragment (counted in UTF-16 code units, as the networks do).
 * - At most 918 characters (GSM counting), Notify's limit.
 */

/** Notify refuses longer texts (6 concatenated GSM fragments of 153). */
export const SMS_MAX_CHARACTERS = 918;

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_BASIC_SET = new Set(Array.from(GSM_BASIC));
const GSM_EXTENSION_SET = new Set(['\f', '^', '{', '}', '\\', '[', ']', '~', '|', '€']);
/**
 * Each UTF-16 code unit's GSM weight: 1 basic, 2 extension, 0 not GSM. Every GSM character is one code
 * unit, so a text is counted by indexing, not by Set lookups per character: every text a worker sends is
 * counted a few times while its message is fitted, and the Set walk was 4% of a busy worker's CPU.
 */
const GSM_WEIGHT = new Uint8Array(0x10000);
for (const character of GSM_BASIC_SET) GSM_WEIGHT[character.charCodeAt(0)] = 1;
for (const character of GSM_EXTENSION_SET) GSM_WEIGHT[character.charCodeAt(0)] = 2;

export type SmsEncoding = 'gsm' | 'unicode';

export interface SmsFragments {
  encoding: SmsEncoding;
  /** Characters as counted for the encoding (extension characters count twice in GSM). */
  characters: number;
  fragments: number;
  /** Within Notify's 918-character limit. */
  withinLimit: boolean;
}

export function isGsmCharacter(character: string): boolean {
  return GSM_BASIC_SET.has(character) || GSM_EXTENSION_SET.has(character);
}

/**
 * The length Notify's 918-character limit applies to: GSM characters, the extension characters and form
 * feed counting two; a Unicode text's characters (code points).
 */
export function smsLength(text: string): number {
  const counted = smsFragments(text);
  return counted.encoding === 'gsm' ? counted.characters : Array.from(text).length;
}

export function smsFragments(text: string): SmsFragments {
  let gsmCount = 0;
  let unicode = false;
  for (let index = 0; index < text.length; index++) {
    const weight = GSM_WEIGHT[text.charCodeAt(index)];
    if (weight === 0) {
      unicode = true;
      break; // a Unicode text is counted in code units below; the GSM count no longer matters
    }
    gsmCount += weight;
  }
  if (unicode) {
    const characters = text.length; // UTF-16 code units: an emoji takes two
    const fragments = characters === 0 ? 0 : characters <= 70 ? 1 : Math.ceil(characters / 67);
    return { encoding: 'unicode', characters, fragments, withinLimit: Array.from(text).length <= SMS_MAX_CHARACTERS };
  }
  const fragments = gsmCount === 0 ? 0 : gsmCount <= 160 ? 1 : Math.ceil(gsmCount / 153);
  return { encoding: 'gsm', characters: gsmCount, fragments, withinLimit: gsmCount <= SMS_MAX_CHARACTERS };
}

export interface SmsPrice {
  pencePerFragment: number;
  vatPercent: number;
}

/** Cost in pence of `fragments` fragments, before and after VAT, rounded to a tenth of a penny. */
export function smsCost(fragments: number, price: SmsPrice): { pence: number; penceWithVat: number } {
  const round = (value: number) => Math.round(value * 10) / 10;
  const pence = fragments * price.pencePerFragment;
  return { pence: round(pence), penceWithVat: round(pence * (1 + price.vatPercent / 100)) };
}
