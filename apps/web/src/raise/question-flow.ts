import type { CaseView, Principal, ProblemFieldError } from '@vigil/contracts';
import type { RequestContext } from '@vigil/cases';
import { formErrors, type FormErrors } from '../common/forms';
import type { FieldDef } from '../tasks/task-forms';

/*
 * A form asked one question per page (GOV.UK "question pages"), then "Check your answers", then a
 * confirmation with the reference. A flow is data: its questions (each a page of fields, some asked only
 * given earlier answers), how the answers become the contract's payload, and how that payload is raised.
 * The answers wait in PostgreSQL between pages (FormDrafts); the contract's own schema decides what is
 * accepted, so the pages refuse what the API refuses, each on the page that asked for it.
 */

/** The raw strings a user has entered so far, by field name (a date as `name-day`, `-month`, `-year`). */
export type Answers = Record<string, string>;

/** What a flow may need to know besides the answers. */
export interface FlowEnv {
  principal: Principal;
  /** The providers the user may raise a case about. */
  providers: readonly { id: string; name: string }[];
}

export interface Question {
  /** Its address: `/<flow>/new/<slug>`. */
  slug: string;
  /** The page's heading (when its first field is not itself the heading). */
  title: string;
  /** A caption above the heading. */
  fields: (env: FlowEnv) => FieldDef[];
  /** Asked only when this holds. */
  when?: (answers: Answers, env: FlowEnv) => boolean;
  /** Its rows on "Check your answers". */
  summary: (answers: Answers, env: FlowEnv) => { key: string; value: string }[];
  /** The contract's error pointers this page answers for, and the field each belongs to. */
  pointers: Record<string, string>;
  /** The page's own checks beyond "required" (a reason needed only with one answer, a real time). */
  validate?: (answers: Answers) => { field: string; text: string }[];
}

export interface RaiseOutcome {
  view: CaseView;
}

export interface QuestionFlow {
  /** The URL segment: `/allegations/new`. */
  kind: string;
  /** "Raise an allegation against a member of staff". */
  name: string;
  /** What the start page says before the first question. */
  intro: string[];
  mayStart: (principal: Principal) => boolean;
  questions: readonly Question[];
  toPayload: (answers: Answers, env: FlowEnv) => Record<string, unknown>;
  /** The contract's schema's verdict on the payload: one entry per bad field. */
  check: (payload: Record<string, unknown>) => ProblemFieldError[];
  submit: (
    ctx: RequestContext,
    payload: Record<string, unknown>,
    idempotencyKey: string,
  ) => Promise<CaseView>;
  confirmation: { title: string; next: string[] };
  /**
   * Whether it may be raised from another case's page (`/<kind>/new?from=<case id>`, a serious incident's
   * "Raise a safeguarding concern about this"): the payload then carries `linkedCaseId`, which the use case
   * checks (a case the user sees, about the same provider) and links both ways.
   */
  linkable?: boolean;
}

/** The draft's answers that hold the case it was raised from (set by the start page, not a question). */
export const FROM_CASE = { id: '_fromCaseId', reference: '_fromReference' } as const;

/** The payload to submit: the flow's own, plus the case it was raised from when the flow links one. */
export function submitPayload(flow: QuestionFlow, answers: Answers, env: FlowEnv): Record<string, unknown> {
  const from = flow.linkable ? answers[FROM_CASE.id] : undefined;
  return { ...flow.toPayload(answers, env), ...(from ? { linkedCaseId: from } : {}) };
}

export const CHECK = 'check';
export const CONFIRMATION = 'confirmation';

/** The questions asked, given the answers so far. */
export const askedQuestions = (flow: QuestionFlow, answers: Answers, env: FlowEnv): Question[] =>
  flow.questions.filter((q) => !q.when || q.when(answers, env));

/** Every field name a page submits (a radio's revealed fields too; a date as its three parts). */
export function submittedNames(fields: readonly FieldDef[]): string[] {
  return fields
    .flatMap((f) => [f, ...(f.options ?? []).flatMap((o) => o.reveals ?? [])])
    .flatMap((f) => (f.kind === 'date' ? [`${f.name}-day`, `${f.name}-month`, `${f.name}-year`] : [f.name]));
}

/** This page's fields taken from the submitted body, replacing what was there; other pages' answers kept. */
export function mergeAnswers(answers: Answers, fields: readonly FieldDef[], body: unknown): Answers {
  const next: Answers = { ...answers };
  for (const name of submittedNames(fields)) {
    const value = (body as Record<string, unknown> | undefined)?.[name];
    if (typeof value === 'string' && value.trim() !== '') next[name] = value.slice(0, 20_000);
    else delete next[name];
  }
  return next;
}

const NUL = String.fromCharCode(0);

/** A field name from a pointer the page owns (`#/staffMember/name` → `staffName`). */
const fieldFor = (question: Question, pointer: string): string | undefined =>
  question.pointers[pointer] ??
  Object.entries(question.pointers).find(
    ([p]) => p.endsWith('/*') && pointer.startsWith(p.slice(0, -1)),
  )?.[1];

/**
 * The page's messages: its own words for a required field left empty, then the contract's messages for
 * the fields this page asks (errors about fields on other pages wait for those pages).
 */
export function questionErrors(
  flow: QuestionFlow,
  question: Question,
  answers: Answers,
  env: FlowEnv,
): FormErrors {
  const fields = question.fields(env);
  const missing = fields
    .filter((f) => f.required && !(f.kind === 'date' ? answers[`${f.name}-day`] : answers[f.name]))
    .map((f) => ({ field: f.name, text: f.required as string }));
  const fromContract = flow
    .check(flow.toPayload(answers, env))
    .map((e) => ({ field: fieldFor(question, e.pointer), text: e.detail }))
    .filter((e): e is { field: string; text: string } => e.field !== undefined);
  // A NUL byte in any answer (a radio's value too): the draft's JSON cannot hold one (PostgreSQL: 500).
  // The contract's own message for the field comes first where it has one.
  const unstorable = submittedNames(fields)
    .filter((name) => answers[name]?.includes(NUL))
    .map((name) => ({
      field: name.replace(/-(day|month|year)$/, ''),
      text: 'Your answer must not contain a NUL character',
    }));
  const errors = formErrors([
    ...missing,
    ...(question.validate?.(answers) ?? []),
    ...fromContract,
    ...unstorable,
  ]);
  const dateFields = new Set(
    fields
      .flatMap((f) => [f, ...(f.options ?? []).flatMap((o) => o.reveals ?? [])])
      .filter((f) => f.kind === 'date')
      .map((f) => f.name),
  );
  return {
    fieldErrors: errors.fieldErrors,
    errors: errors.errors.map((e) => (dateFields.has(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)),
  };
}

/** The first asked question that is not yet answered well enough, if any (check-your-answers needs none). */
export function firstIncomplete(flow: QuestionFlow, answers: Answers, env: FlowEnv): Question | undefined {
  return askedQuestions(flow, answers, env).find(
    (q) => questionErrors(flow, q, answers, env).errors.length > 0,
  );
}

/** Where a page's "Continue" leads: back to the check page after a change, else the next asked question. */
export function nextSlug(
  flow: QuestionFlow,
  question: Question,
  answers: Answers,
  env: FlowEnv,
  changing: boolean,
): string {
  const asked = askedQuestions(flow, answers, env);
  if (changing) return firstIncomplete(flow, answers, env)?.slug ?? CHECK;
  const after = asked.slice(asked.findIndex((q) => q.slug === question.slug) + 1);
  return after[0]?.slug ?? CHECK;
}

/** Where "Back" leads from a question: the previous asked question, or the start page. */
export function previousHref(flow: QuestionFlow, slug: string, answers: Answers, env: FlowEnv): string {
  const asked = askedQuestions(flow, answers, env);
  const i = asked.findIndex((q) => q.slug === slug);
  const before = i > 0 ? asked[i - 1] : undefined;
  return before ? `/${flow.kind}/new/${before.slug}` : `/${flow.kind}/new`;
}

/** "Check your answers": each asked question's rows with a change link. */
export function checkAnswersRows(flow: QuestionFlow, answers: Answers, env: FlowEnv) {
  return askedQuestions(flow, answers, env).flatMap((q) =>
    q.summary(answers, env).map((row) => ({
      key: { text: row.key },
      value: { text: row.value },
      actions: {
        items: [
          {
            href: `/${flow.kind}/new/${q.slug}?change=1`,
            text: 'Change',
            visuallyHiddenText: row.key.toLowerCase(),
          },
        ],
      },
    })),
  );
}

/** The question that asks for a field the contract refused at submit (for showing the error there). */
export function questionForPointer(
  flow: QuestionFlow,
  pointer: string,
  answers: Answers,
  env: FlowEnv,
): Question | undefined {
  return askedQuestions(flow, answers, env).find((q) => fieldFor(q, pointer) !== undefined);
}

/** The label of a chosen option, or what was typed. */
export function shown(labels: Record<string, string>, value: string | undefined): string {
  return value === undefined ? 'Not given' : (labels[value] ?? value);
}
