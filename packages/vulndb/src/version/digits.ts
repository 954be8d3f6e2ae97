/**
 * Comparison of unsigned decimal digit strings of any length. Version components such as
 * `20190126230843` or `999999999999999999999999999991` overflow JavaScript numbers, so every
 * scheme compares numeric components through these helpers instead of `Number()`.
 */

/** `007` → `7`, `000` → `0`. */
export function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return digits.slice(i);
}

/** Numeric order of two digit strings (leading zeros ignored; empty counts as zero). */
export function compareDigits(a: string, b: string): number {
  const x = stripLeadingZeros(a === '' ? '0' : a);
  const y = stripLeadingZeros(b === '' ? '0' : b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Ordinal order of two strings by UTF-16 code units (C `strcmp`, not locale order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/** Sign of a number as -1, 0 or 1, so comparators can chain results with `||`. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
