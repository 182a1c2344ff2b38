import { z } from 'zod';

/*
 * Field builders shared by every case type's schemas, so the same kind of field reads the same way and
 * refuses the same things (HOUSE_STYLE 3.5): trimmed text with a length limit, no NUL bytes (PostgreSQL
 * cannot store U+0000 in text, and would answer 500), ISO dates that exist.
 */

const NUL = String.fromCharCode(0);
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const formatLimit = (n: number): string => n.toLocaleString('en-GB');

/** Required free text: "Enter <what>"; over the limit "<Name> must be N characters or fewer". */
export function requiredText(what: string, max: number, name = capitalise(what)) {
  return z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, { error: `Enter ${what}` })
    .max(max, { error: `${name} must be ${formatLimit(max)} characters or fewer` })
    .refine((v) => !v.includes(NUL), { error: `${name} must not contain a NUL character` });
}

/** Optional free text (absent or empty is allowed). */
export function narrative(name: string, max: number) {
  return z
    .string({ error: `${name} must be text` })
    .trim()
    .max(max, { error: `${name} must be ${formatLimit(max)} characters or fewer` })
    .refine((v) => !v.includes(NUL), { error: `${name} must not contain a NUL character` })
    .optional();
}

/** Rejects 2026-02-30 and the like. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isoDate(label: string) {
  return z
    .string({ error: `${label} must be a date like 2026-03-04` })
    .refine(isRealDate, { error: `${label} must be a real date like 2026-03-04` });
}
