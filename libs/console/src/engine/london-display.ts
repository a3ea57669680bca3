/** How the console writes money, counts and phone numbers; times are written by @app/core's formatLondon… functions. */

/** "£1,234.56" from whole pence. */
export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "1,234" */
export function count(value: number | null | undefined): string {
  return (value ?? 0).toLocaleString('en-GB');
}

/** A stored mobile (+447…) as the call centre dials it: "07700 900123". */
export function phoneNumber(value: string | null | undefined): string {
  if (!value) return '';
  const national = value.startsWith('+44') ? `0${value.slice(3)}` : value;
  return /^07\d{9}$/.test(national) ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}
