import type { ProblemFieldError } from '@vigil/contracts';
import type { VigilError } from '@vigil/domain';
import type { z } from 'zod';

/** One entry of `govukErrorSummary`: the message and the field it belongs to. */
export interface ErrorLink {
  text: string;
  href: string;
}

/** What a page needs to show a failed submit: the summary list and each field's inline message. */
export interface FormErrors {
  errors: ErrorLink[];
  fieldErrors: Record<string, { text: string }>;
}

export type FormResult<T> = { ok: true; value: T } | ({ ok: false } & FormErrors);

export const NoErrors: FormErrors = { errors: [], fieldErrors: {} };

/** Builds the summary and inline messages from (field, message) pairs; the first message per field wins. */
export function formErrors(list: readonly { field: string; text: string }[]): FormErrors {
  const fieldErrors: Record<string, { text: string }> = {};
  const errors: ErrorLink[] = [];
  for (const { field, text } of list) {
    if (fieldErrors[field]) continue;
    fieldErrors[field] = { text };
    errors.push({ text, href: `#${field}` });
  }
  return { errors, fieldErrors };
}

/** Parses a submitted form (strings) with a zod schema into a contract type, or the page's messages. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    ...formErrors(
      result.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'form'), text: issue.message })),
    ),
  };
}

/** `#/rationale` → `rationale`. */
const fieldOf = (e: ProblemFieldError): string | null => /^#\/([A-Za-z0-9_-]+)/.exec(e.pointer)?.[1] ?? null;

/**
 * A use case's refusal as page messages: its field errors where they name a field on the page, otherwise its
 * (fixed, non-personal) message against `fallbackField`.
 */
export function errorsFromVigilError(
  error: VigilError,
  fields: readonly string[],
  fallbackField: string,
): FormErrors {
  const onPage = error.fieldErrors
    .map((e) => ({ field: fieldOf(e), text: e.detail }))
    .filter((e): e is { field: string; text: string } => e.field !== null && fields.includes(e.field));
  return formErrors(onPage.length ? onPage : [{ field: fallbackField, text: error.message }]);
}

/** The first value of a submitted field, as a string (for re-showing what was typed). */
export function fieldValue(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
