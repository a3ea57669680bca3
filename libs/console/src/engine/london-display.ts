/** How the console writes money, counts and phone numbers; times are written by @app/core's formatLondon… functions. */

// One formatter each (toLocaleString builds a new one on every call).
const POUNDS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('en-GB');

/** "£1,234.56" from whole pence. */
export function pounds(pence: number): string {
  return `£${POUNDS.format(pence / 100)}`;
}

/** "1,234" */
export function count(value: number | null | undefined): string {
  return COUNT.format(value ?? 0);
}

/** A stored mobile (+447…) as the call centre dials it: "07700 900123". */
export function phoneNumber(value: string | null | undefined): string {
  if (!value) return '';
  const national = value.startsWith('+44') ? `0${value.slice(3)}` : value;
  return /^07\d{9}$/.test(national) ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}
