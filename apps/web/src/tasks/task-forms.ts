import type { CaseView, CaseViewOf, TaskType, TaskView } from '@vigil/contracts';
import {
  CapacityLabels,
  ComplaintOutcomeLabels,
  DecisionLabels,
  EmploymentOutcomeLabels,
  LadoDecisionLabels,
  LadoEvaluationStepLabels,
  ResolutionWaitLabels,
  EnquiryLeadLabels,
  EnquiryOutcomeLabels,
  MspLabels,
  NoticeMethodLabels,
  OutcomesMetLabels,
  ProviderNoticeLabels,
  RiskNowLabels,
  londonDate as displayDate,
} from '@vigil/domain';
import { fieldValue } from '../common/forms';
import { londonDate, londonInstant } from '@vigil/domain/calendar';

/*
 * Each task's page as data: its fields (GOV.UK radios, textareas, date inputs; a radio may reveal more
 * fields), the button's words, what it shows from the case first, and how the submitted strings become the
 * task's contract payload. The payload is then checked by the same zod schema the API uses, so the page
 * refuses exactly what the API refuses.
 */

export interface FieldOption {
  value: string;
  text: string;
  hint?: string;
  /** Fields revealed when this option is chosen (never radios themselves). */
  reveals?: FieldDef[];
}

export interface FieldDef {
  name: string;
  kind: 'radios' | 'textarea' | 'date' | 'text';
  label: string;
  hint?: string;
  options?: FieldOption[];
  /** Shown as the legend or label at page-heading size (the page's one question). */
  isPageHeading?: boolean;
  /** The page's message when a required choice or text is left empty ("Select …", "Enter …"). */
  required?: string;
  /** A text input's width class (`govuk-input--width-20`) and autocomplete token. */
  inputClasses?: string;
  autocomplete?: string;
}

export interface TaskForm {
  /** The page's question (its h1). */
  title: string;
  fields: FieldDef[];
  button: string;
  /** What the page shows from the case before the question (a report's scope and questions; an action). */
  context?: (view: CaseView, task?: TaskView) => { key: string; value: string | null }[];
  /** Fields that depend on the case (one pair per person who must move); `fields` when absent. */
  fieldsFor?: (view: CaseView) => FieldDef[];
  /** The page's field for a use case's error pointer into a list (`#/actions/1/owner` → `owner2`). */
  pointerField?: (pointer: string, body: unknown) => string | undefined;
  /** The page's own words for answers the contract would refuse in its API words (a date and time). */
  validate?: (body: unknown) => { field: string; text: string }[];
  /** Strings in, the contract payload out (unparsed: the use case's schema decides). */
  toPayload: (body: unknown) => Record<string, unknown>;
  /** The flash after success, and what it says of the answer (enum labels only). */
  done: string;
  doneText?: (payload: Record<string, unknown>) => string;
}

const options = (
  labels: Record<string, string>,
  extra: Record<string, Partial<FieldOption>> = {},
): FieldOption[] => Object.entries(labels).map(([value, text]) => ({ value, text, ...(extra[value] ?? {}) }));

/** `reviewOn-day`, `-month`, `-year` → `2027-03-04` (absent when all three are empty). */
export function dateValue(body: unknown, name: string): string | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => (fieldValue(body, `${name}-${p}`) ?? '').trim());
  if (!d && !m && !y) return undefined;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** "14:30", "2:30pm", "9am" → hours and minutes; undefined when it is not a time. */
export function timeOf(text: string | undefined): { hours: number; minutes: number } | undefined {
  const m = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half && (hours < 1 || hours > 12)) return undefined;
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  return hours <= 23 && minutes <= 59 ? { hours, minutes } : undefined;
}

/** A day (three boxes) and a time of day, in London, as an ISO instant; '' when either is not real. */
export function londonDateTimeValue(body: unknown, dateName: string, timeName: string): string {
  const on = dateValue(body, dateName);
  const time = timeOf(fieldValue(body, timeName));
  if (!on || !time || !/^\d{4}-\d{2}-\d{2}$/.test(on)) return '';
  const check = new Date(`${on}T12:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== on) return '';
  return londonInstant(on, time).toISOString();
}

/** The submitted text of a field, or undefined when it was left empty. */
const text = (body: unknown, name: string): string | undefined => {
  const value = fieldValue(body, name);
  return value !== undefined && value.trim() !== '' ? value : undefined;
};

/** Keys with a value only, so an empty optional field is absent, not "". */
const present = (payload: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));

const yesNo: FieldOption[] = [
  { value: 'true', text: 'Yes' },
  { value: 'false', text: 'No' },
];
const bool = (body: unknown, name: string): boolean | undefined => {
  const v = fieldValue(body, name);
  return v === 'true' ? true : v === 'false' ? false : undefined;
};

/** A DBS or regulator referral decision: the referral's date and reference, or why none is required. */
function referralForm(to: string, title: string): TaskForm {
  return {
    title,
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: title,
        isPageHeading: true,
        required: `Select whether the person was referred to the ${to}`,
        options: [
          {
            value: 'referred',
            text: 'Yes',
            reveals: [
              {
                name: 'referredOn',
                kind: 'date',
                label: 'When were they referred?',
                hint: 'For example, 27 3 2026',
              },
              { name: 'reference', kind: 'textarea', label: 'The referral’s reference' },
            ],
          },
          {
            value: 'not_required',
            text: 'No, a referral is not required',
            reveals: [
              {
                name: 'reason',
                kind: 'textarea',
                label: 'Why is the harm test (or relevant-conduct test) not met?',
              },
            ],
          },
        ],
      },
    ],
    button: 'Record the decision',
    toPayload: (b) => {
      const decision = text(b, 'decision');
      if (decision === 'referred')
        return {
          decision,
          referredOn: dateValue(b, 'referredOn') ?? '',
          reference: fieldValue(b, 'reference') ?? '',
        };
      if (decision === 'not_required') return { decision, reason: fieldValue(b, 'reason') ?? '' };
      return {};
    },
    done: `${to === 'DBS' ? 'DBS' : 'Regulator'} referral decision recorded`,
  };
}

const dayField = (name: string, label: string): FieldDef => ({
  name,
  kind: 'date',
  label,
  hint: 'For example, 27 3 2026',
});

/** A notice to an outside body (the CQC, the ICO): when and its reference, or why it is not required. */
function externalNoticeForm(to: string, title: string): TaskForm {
  return {
    title,
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: title,
        isPageHeading: true,
        required: `Select whether you notified the ${to}`,
        options: [
          {
            value: 'notified',
            text: 'Yes',
            reveals: [
              dayField('notifiedOn', 'When did you notify them?'),
              {
                name: 'reference',
                kind: 'text',
                label: 'The reference they gave',
                inputClasses: 'govuk-input--width-20',
              },
            ],
          },
          {
            value: 'not_required',
            text: 'No, it is not required',
            reveals: [{ name: 'reason', kind: 'textarea', label: 'Why is it not required?' }],
          },
        ],
      },
    ],
    button: 'Record the decision',
    toPayload: (b) => {
      const decision = text(b, 'decision');
      if (decision === 'notified')
        return {
          decision,
          notifiedOn: dateValue(b, 'notifiedOn') ?? '',
          reference: fieldValue(b, 'reference') ?? '',
        };
      if (decision === 'not_required') return { decision, reason: fieldValue(b, 'reason') ?? '' };
      return {};
    },
    done: `${to} notice recorded`,
  };
}

/* ── Provider concern (DOMAIN §4.7, issue 10) ─────────────────────────────────────────────────────── */

const providerConcern = (view: CaseView): CaseViewOf<'provider_concern'>['details'] | null =>
  view.type === 'provider_concern' ? view.details : null;

/** Rows of the action plan a provider fills in on one page; empty rows are ignored. */
export const PLAN_ROWS = 5;
const planRow = (b: unknown, n: number) => ({
  action: text(b, `action${n}`),
  owner: text(b, `owner${n}`),
  dueOn: dateValue(b, `dueOn${n}`),
});
/** The page's row numbers of the rows that were filled in, in order (the payload's `actions`). */
const filledPlanRows = (b: unknown): number[] =>
  Array.from({ length: PLAN_ROWS }, (_, i) => i + 1).filter((n) => {
    const r = planRow(b, n);
    return r.action !== undefined || r.owner !== undefined || r.dueOn !== undefined;
  });

const MOVED_TO = /^movedTo-([0-9a-f-]{36})$/i;
/** The people on a transfers page, in the page's order, from its `movedTo-<person ID>` fields. */
const movedPeople = (b: unknown): string[] =>
  Object.keys((b as Record<string, unknown> | undefined) ?? {}).flatMap((k) => MOVED_TO.exec(k)?.[1] ?? []);

const displayDay = (iso: string | null): string | null => (iso ? displayDate(iso) : null);

const activeNotices = (view: CaseView) =>
  (providerConcern(view)?.notices ?? [])
    .filter((n) => n.liftedAt === null)
    .map((n) => ({
      key: ProviderNoticeLabels[n.kind] ?? n.kind,
      value: `${n.requirements}\nComply by ${displayDay(`${n.complianceDate}T12:00:00Z`)}.`,
    }));

const ProviderConcernTaskForms: Record<
  | 'decide_referral_suspension'
  | 'decide_lse'
  | 'close_lse'
  | 'submit_siap'
  | 'siap_action'
  | 'siap_review'
  | 'decide_resumption'
  | 'notice_compliance'
  | 'affected_people'
  | 'complete_transfers',
  TaskForm
> = {
  decide_referral_suspension: {
    title: 'Do you suspend new referrals to the provider?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'Do you suspend new referrals to the provider?',
        isPageHeading: true,
        required: 'Select whether new referrals are suspended',
        options: [
          {
            value: 'suspend',
            text: 'Yes, suspend new referrals',
            hint: 'The provider is told at once. You decide later when referrals resume.',
          },
          { value: 'no_suspension', text: 'No, referrals stay open' },
        ],
      },
      { name: 'rationale', kind: 'textarea', label: 'Why?', hint: 'It is kept on the case record' },
    ],
    button: 'Record the decision',
    context: (view) => {
      const d = providerConcern(view);
      return d
        ? [
            { key: 'Provider', value: view.provider.name },
            { key: 'Why the concern was opened', value: d.reason },
          ]
        : [];
    },
    toPayload: (b) => present({ decision: text(b, 'decision'), rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Decision on referrals recorded',
    doneText: (p) => (p.decision === 'suspend' ? 'New referrals are suspended.' : 'New referrals stay open.'),
  },
  decide_lse: {
    title: 'Is a large-scale enquiry needed?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'Is a large-scale enquiry needed?',
        isPageHeading: true,
        required: 'Select whether a large-scale enquiry is needed',
        options: [
          {
            value: 'open_lse',
            text: 'Yes, open a large-scale enquiry',
            hint: 'New referrals are suspended while it is active',
          },
          { value: 'no_lse', text: 'No' },
        ],
      },
      { name: 'rationale', kind: 'textarea', label: 'Why?', hint: 'It is kept on the case record' },
    ],
    button: 'Record the decision',
    context: (view) => {
      const d = providerConcern(view);
      return d ? [{ key: 'Why the concern was opened', value: d.reason }] : [];
    },
    toPayload: (b) => present({ decision: text(b, 'decision'), rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Decision on a large-scale enquiry recorded',
  },
  close_lse: {
    title: 'End the large-scale enquiry',
    fields: [{ name: 'rationale', kind: 'textarea', label: 'Why can the large-scale enquiry end?' }],
    button: 'End the enquiry',
    toPayload: (b) => ({ rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Large-scale enquiry ended',
  },
  submit_siap: {
    title: 'Submit your service improvement action plan',
    fields: [
      {
        name: 'summary',
        kind: 'textarea',
        label: 'Summary of the plan (optional)',
        hint: 'What went wrong and how the plan puts it right',
      },
      ...Array.from({ length: PLAN_ROWS }, (_, i): FieldDef[] => {
        const n = i + 1;
        return [
          {
            name: `action${n}`,
            kind: 'text',
            label: `Action ${n}`,
            hint: n === 1 ? 'What will be done. Leave the rows you do not need empty.' : undefined,
          },
          {
            name: `owner${n}`,
            kind: 'text',
            label: `Who owns action ${n}?`,
            inputClasses: 'govuk-input--width-20',
          },
          {
            name: `dueOn${n}`,
            kind: 'date',
            label: `When is action ${n} due?`,
            hint: 'Leave empty for the policy’s default. For example, 27 3 2027',
          },
        ];
      }).flat(),
    ],
    button: 'Submit the plan',
    context: (view) => {
      const d = providerConcern(view);
      return d ? [{ key: 'Why the concern was opened', value: d.reason }] : [];
    },
    toPayload: (b) =>
      present({
        summary: text(b, 'summary'),
        actions: filledPlanRows(b).map((n) => {
          const r = planRow(b, n);
          return present({ action: r.action ?? '', owner: r.owner ?? '', dueOn: r.dueOn });
        }),
      }),
    // `#/actions/1/owner` is the second filled row's owner; `#/actions` (none at all) is the first row.
    pointerField: (pointer, b) => {
      const m = /^#\/actions(?:\/(\d+)(?:\/(action|owner|dueOn))?)?/.exec(pointer);
      if (!m) return undefined;
      const n = m[1] === undefined ? 1 : (filledPlanRows(b)[Number(m[1])] ?? 1);
      return `${m[2] ?? 'action'}${n}`;
    },
    done: 'Action plan submitted',
    doneText: (p) => {
      const n = Array.isArray(p.actions) ? p.actions.length : 0;
      return `${n} ${n === 1 ? 'action' : 'actions'} added to the plan.`;
    },
  },
  siap_action: {
    title: 'What shows that the action is done?',
    fields: [
      {
        name: 'evidence',
        kind: 'textarea',
        label: 'What shows that the action is done?',
        isPageHeading: true,
        hint: 'The commissioner sees this when they review the plan',
      },
    ],
    button: 'Send the evidence',
    context: (view, task) => {
      const item = providerConcern(view)?.actionPlan?.items.find((i) => i.taskId === task?.id);
      return item
        ? [
            { key: 'Action', value: item.action },
            { key: 'Owner', value: item.owner },
            { key: 'Due', value: item.dueAt ? displayDate(item.dueAt) : null },
          ]
        : [];
    },
    toPayload: (b) => ({ evidence: fieldValue(b, 'evidence') ?? '' }),
    done: 'Evidence recorded',
  },
  siap_review: {
    title: 'Review the action plan',
    fields: [
      {
        name: 'progress',
        kind: 'radios',
        label: 'Is the plan on track?',
        required: 'Select whether the plan is on track',
        options: [
          { value: 'on_track', text: 'Yes, it is on track' },
          { value: 'off_track', text: 'No, it is off track' },
        ],
      },
      { name: 'notes', kind: 'textarea', label: 'What did the review find?' },
    ],
    button: 'Record the review',
    context: (view) =>
      (providerConcern(view)?.actionPlan?.items ?? []).map((item, i) => ({
        key: `Action ${i + 1}`,
        value: `${item.action}\n${item.evidence ? `Evidence: ${item.evidence}` : 'Evidence: Not yet'}`,
      })),
    toPayload: (b) => present({ progress: text(b, 'progress'), notes: fieldValue(b, 'notes') ?? '' }),
    done: 'Plan review recorded',
  },
  decide_resumption: {
    title: 'How do new referrals resume?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'How do new referrals resume?',
        isPageHeading: true,
        required: 'Select how new referrals resume',
        options: [
          {
            value: 'phased_resumption',
            text: 'In phases, with a weekly cap',
            hint: 'You review the cap again on the policy’s timescale',
            reveals: [
              {
                name: 'weeklyCap',
                kind: 'text',
                label: 'How many new referrals a week?',
                inputClasses: 'govuk-input--width-4',
                autocomplete: 'off',
              },
            ],
          },
          { value: 'resume', text: 'Fully, at once' },
        ],
      },
      { name: 'rationale', kind: 'textarea', label: 'Why? (optional)' },
    ],
    button: 'Record the decision',
    context: (view) => [...activeNotices(view)],
    toPayload: (b) => {
      const decision = text(b, 'decision');
      const rationale = text(b, 'rationale');
      if (decision === 'phased_resumption') {
        const cap = (fieldValue(b, 'weeklyCap') ?? '').trim();
        return present({
          decision,
          weeklyCap: /^\d{1,9}$/.test(cap) ? Number(cap) : cap || undefined,
          rationale,
        });
      }
      return present({ decision, rationale });
    },
    done: 'Decision on referrals recorded',
    doneText: (p) =>
      p.decision === 'phased_resumption'
        ? `Referrals resume in phases: at most ${String(p.weeklyCap)} a week.`
        : 'Referrals are open again.',
  },
  notice_compliance: {
    title: 'Has the provider complied with the notice?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'Has the provider complied with the notice?',
        isPageHeading: true,
        required: 'Select whether the provider complied',
        options: [
          { value: 'complied', text: 'Yes, lift the notice' },
          {
            value: 'not_complied',
            text: 'No, the notice stays',
            reveals: [
              {
                name: 'nextReviewOn',
                kind: 'date',
                label: 'When will you review it again?',
                hint: 'For example, 27 3 2027',
              },
            ],
          },
        ],
      },
      { name: 'notes', kind: 'textarea', label: 'What did you find?' },
    ],
    button: 'Record the review',
    context: (view) => activeNotices(view),
    toPayload: (b) => {
      const decision = text(b, 'decision');
      if (decision === 'not_complied')
        return {
          decision,
          notes: fieldValue(b, 'notes') ?? '',
          nextReviewOn: dateValue(b, 'nextReviewOn') ?? '',
        };
      return present({ decision, notes: fieldValue(b, 'notes') ?? '' });
    },
    done: 'Notice review recorded',
  },
  affected_people: {
    title: 'Who must move?',
    fields: [
      {
        name: 'people',
        kind: 'textarea',
        label: 'Who must move?',
        isPageHeading: true,
        hint: 'Everyone you support under the contract, one name on each line',
      },
    ],
    button: 'Send the list',
    toPayload: (b) => ({
      people: (fieldValue(b, 'people') ?? '')
        .split(/\r?\n/)
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => ({ name })),
    }),
    pointerField: (pointer) => (pointer.startsWith('#/people') ? 'people' : undefined),
    done: 'List of people sent',
  },
  complete_transfers: {
    title: 'Record everyone’s move',
    fields: [],
    fieldsFor: (view) =>
      (providerConcern(view)?.people ?? []).flatMap((p): FieldDef[] => [
        { name: `movedTo-${p.id}`, kind: 'text', label: `Where did ${p.name} move to?` },
        {
          name: `movedOn-${p.id}`,
          kind: 'date',
          label: `When did ${p.name} move?`,
          hint: 'For example, 27 3 2026',
        },
      ]),
    button: 'Record the moves',
    toPayload: (b) => ({
      moves: movedPeople(b).map((personId) => ({
        personId,
        movedTo: fieldValue(b, `movedTo-${personId}`) ?? '',
        movedOn: dateValue(b, `movedOn-${personId}`) ?? '',
      })),
    }),
    // `#/moves/2/movedOn` is the third person's date; `#/moves/<person ID>` a person left out.
    pointerField: (pointer, b) => {
      const byId = /^#\/moves\/([0-9a-f-]{36})$/i.exec(pointer);
      if (byId) return `movedTo-${byId[1]}`;
      const m = /^#\/moves\/(\d+)\/(movedTo|movedOn)/.exec(pointer);
      const id = m ? movedPeople(b)[Number(m[1])] : undefined;
      return m && id ? `${m[2]}-${id}` : undefined;
    },
    done: 'Moves recorded',
    doneText: () => 'The provider is decommissioned.',
  },
};

export const TaskForms: Record<TaskType, TaskForm> = {
  ...ProviderConcernTaskForms,
  si_meeting_decision: {
    title: 'Is a serious-incident meeting needed?',
    fields: [
      {
        name: 'meeting',
        kind: 'radios',
        label: 'Is a serious-incident meeting needed?',
        isPageHeading: true,
        required: 'Select whether a meeting is needed',
        options: yesNo,
      },
      { name: 'rationale', kind: 'textarea', label: 'Why?' },
    ],
    button: 'Record the decision',
    toPayload: (b) => present({ meeting: bool(b, 'meeting'), rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Meeting decision recorded',
  },
  initial_review: {
    title: 'Record the initial review',
    fields: [
      dayField('completedOn', 'When was it completed?'),
      { name: 'findings', kind: 'textarea', label: 'What did it find?' },
    ],
    button: 'Record the review',
    toPayload: (b) => ({
      completedOn: dateValue(b, 'completedOn') ?? '',
      findings: fieldValue(b, 'findings') ?? '',
    }),
    done: 'Initial review recorded',
  },
  duty_of_candour: {
    title: 'Has the duty-of-candour letter been sent?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'Has the duty-of-candour letter been sent?',
        hint: 'To the person or their family, under Regulation 20',
        isPageHeading: true,
        required: 'Select whether the letter was sent',
        options: [
          { value: 'sent', text: 'Yes', reveals: [dayField('sentOn', 'When was it sent?')] },
          {
            value: 'not_required',
            text: 'No, the duty does not apply',
            reveals: [{ name: 'reason', kind: 'textarea', label: 'Why does it not apply?' }],
          },
        ],
      },
    ],
    button: 'Record it',
    toPayload: (b) => {
      const decision = text(b, 'decision');
      if (decision === 'sent') return { decision, sentOn: dateValue(b, 'sentOn') ?? '' };
      if (decision === 'not_required') return { decision, reason: fieldValue(b, 'reason') ?? '' };
      return {};
    },
    done: 'Duty of candour recorded',
  },
  cqc_notification: externalNoticeForm('CQC', 'Have you notified the CQC?'),
  ico_notification: externalNoticeForm('ICO', 'Have you reported the breach to the ICO?'),
  investigation_report: {
    title: 'Submit the investigation report',
    fields: [
      dayField('submittedOn', 'When was it submitted?'),
      { name: 'summary', kind: 'textarea', label: 'Its findings and actions' },
    ],
    button: 'Submit the report',
    toPayload: (b) => ({
      submittedOn: dateValue(b, 'submittedOn') ?? '',
      summary: fieldValue(b, 'summary') ?? '',
    }),
    done: 'Investigation report submitted',
  },
  accept_learning: {
    title: 'Accept the learning',
    fields: [
      {
        name: 'accepted',
        kind: 'radios',
        label: 'Do you accept the learning from the investigation?',
        isPageHeading: true,
        required: 'Confirm that you accept the learning',
        options: [{ value: 'true', text: 'Yes, I accept it' }],
      },
      { name: 'notes', kind: 'textarea', label: 'Notes (optional)' },
    ],
    button: 'Accept the learning',
    toPayload: (b) => present({ accepted: bool(b, 'accepted'), notes: text(b, 'notes') }),
    done: 'Learning accepted',
  },
  acknowledge_notification: {
    title: 'Acknowledge the notification',
    fields: [
      {
        name: 'note',
        kind: 'textarea',
        label: 'Anything to note for the provider (optional)',
        hint: 'Acknowledging closes the notification. It is not required: a notification needs no reply.',
      },
    ],
    button: 'Acknowledge',
    toPayload: (b) => present({ note: text(b, 'note') }),
    done: 'Notification acknowledged',
  },
  acknowledge: {
    title: 'When did you acknowledge the complaint?',
    fields: [
      {
        ...dayField('acknowledgedOn', 'When did you acknowledge the complaint?'),
        hint: 'The acknowledgement offers to discuss how the complaint will be handled (Complaints Regulations 2009, reg 13). For example, 27 3 2026',
      },
    ],
    button: 'Record the acknowledgement',
    toPayload: (b) => ({ acknowledgedOn: dateValue(b, 'acknowledgedOn') ?? '' }),
    done: 'Acknowledgement recorded',
  },
  notify_social_worker: {
    title: 'When did you tell the person’s social worker?',
    fields: [
      dayField('notifiedAt', 'Date'),
      {
        name: 'notifiedTime',
        kind: 'text',
        label: 'Time',
        hint: 'For example, 14:30 or 2:30pm',
        inputClasses: 'govuk-input--width-5',
        autocomplete: 'off',
      },
      {
        name: 'method',
        kind: 'radios',
        label: 'How did you tell them?',
        required: 'Select how you told the social worker',
        options: options(NoticeMethodLabels),
      },
    ],
    button: 'Record the notice',
    validate: (b) =>
      londonDateTimeValue(b, 'notifiedAt', 'notifiedTime')
        ? []
        : [{ field: 'notifiedAt', text: 'Enter the date and time you told them, like 27 3 2026 and 14:30' }],
    toPayload: (b) =>
      present({
        notifiedAt: londonDateTimeValue(b, 'notifiedAt', 'notifiedTime'),
        method: text(b, 'method'),
      }),
    done: 'Notice to the social worker recorded',
  },
  respond: {
    title: 'Record the response to the complainant',
    fields: [
      dayField('respondedOn', 'When did you send the response?'),
      {
        name: 'outcome',
        kind: 'radios',
        label: 'What was the outcome?',
        required: 'Select the outcome',
        options: options(ComplaintOutcomeLabels),
      },
    ],
    button: 'Record the response',
    toPayload: (b) =>
      present({ respondedOn: dateValue(b, 'respondedOn') ?? '', outcome: text(b, 'outcome') }),
    done: 'Response recorded',
  },
  share_outcome: {
    title: 'When did you share the outcome with the council?',
    fields: [dayField('sharedOn', 'When did you share the outcome with the council?')],
    button: 'Record it',
    toPayload: (b) => ({ sharedOn: dateValue(b, 'sharedOn') ?? '' }),
    done: 'Outcome shared with the council',
  },
  triage_decision: {
    title: 'What is your triage decision?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'What is your triage decision?',
        isPageHeading: true,
        required: 'Select a decision',
        options: options(DecisionLabels),
      },
      {
        name: 'rationale',
        kind: 'textarea',
        label: 'Rationale',
        hint: 'Why you made this decision. It is kept on the case record.',
      },
    ],
    button: 'Record decision',
    toPayload: (b) => present({ decision: text(b, 'decision'), rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Triage decision recorded',
    doneText: (p) => `Decision: ${DecisionLabels[String(p.decision)] ?? ''}.`,
  },
  care_plan_review: {
    title: 'Has the adult’s care plan been reviewed?',
    fields: [
      {
        name: 'reviewed',
        kind: 'radios',
        label: 'Has the adult’s care plan been reviewed?',
        isPageHeading: true,
        required: 'Select whether the care plan was reviewed',
        options: [
          {
            value: 'yes',
            text: 'Yes',
            reveals: [
              {
                name: 'reviewedOn',
                kind: 'date',
                label: 'When was it reviewed?',
                hint: 'For example, 27 3 2026',
              },
            ],
          },
          {
            value: 'no',
            text: 'No review is needed',
            reveals: [{ name: 'reason', kind: 'textarea', label: 'Why is no review needed?' }],
          },
        ],
      },
    ],
    button: 'Save the care plan review',
    toPayload: (b) => {
      const reviewed = fieldValue(b, 'reviewed');
      if (reviewed === 'yes') return { reviewedOn: dateValue(b, 'reviewedOn') ?? '' };
      if (reviewed === 'no') return { notNeeded: true, reason: fieldValue(b, 'reason') ?? '' };
      return {};
    },
    done: 'Care plan review recorded',
  },
  record_adult_views: {
    title: 'What does the adult want to happen?',
    fields: [
      {
        name: 'msp',
        kind: 'radios',
        label: 'Were the adult’s desired outcomes asked?',
        isPageHeading: true,
        required: 'Select whether the adult’s desired outcomes were asked',
        options: options(MspLabels, {
          outcomes_expressed: {
            reveals: [
              { name: 'desiredOutcomes', kind: 'textarea', label: 'What outcomes does the adult want?' },
            ],
          },
        }),
      },
      {
        name: 'capacity',
        kind: 'radios',
        label: 'Capacity to make decisions about the enquiry',
        options: options(CapacityLabels),
      },
      {
        name: 'advocate',
        kind: 'radios',
        label: 'Is an independent advocate involved?',
        hint: 'Care Act 2014 section 68',
        options: yesNo,
      },
    ],
    button: 'Save the adult’s views',
    toPayload: (b) =>
      present({
        msp: text(b, 'msp'),
        desiredOutcomes:
          fieldValue(b, 'msp') === 'outcomes_expressed'
            ? (fieldValue(b, 'desiredOutcomes') ?? '')
            : undefined,
        capacity: text(b, 'capacity'),
        advocate: bool(b, 'advocate'),
      }),
    done: 'The adult’s views are recorded',
  },
  decide_enquiry_lead: {
    title: 'Who will lead the enquiry?',
    fields: [
      {
        name: 'lead',
        kind: 'radios',
        label: 'Who will lead the enquiry?',
        isPageHeading: true,
        required: 'Select who will lead the enquiry',
        options: options(EnquiryLeadLabels, {
          council_led: {
            reveals: [
              {
                name: 'strategy',
                kind: 'textarea',
                label: 'Strategy',
                hint: 'How the council will make its enquiries',
              },
            ],
          },
          provider_caused: {
            hint: 'The provider makes enquiries and sends a report (§7.16)',
            reveals: [
              { name: 'scope', kind: 'textarea', label: 'Scope of the provider’s enquiry' },
              { name: 'questions', kind: 'textarea', label: 'Questions the provider must answer' },
              {
                name: 'reportDueOn',
                kind: 'date',
                label: 'When is the report due?',
                hint: 'Leave empty for the policy’s default (15 working days)',
              },
            ],
          },
        }),
      },
    ],
    button: 'Record the decision',
    toPayload: (b) => {
      const lead = text(b, 'lead');
      if (lead === 'council_led') return { lead, strategy: fieldValue(b, 'strategy') ?? '' };
      if (lead === 'provider_caused')
        return present({
          lead,
          scope: fieldValue(b, 'scope') ?? '',
          questions: fieldValue(b, 'questions') ?? '',
          reportDueOn: dateValue(b, 'reportDueOn'),
        });
      return {};
    },
    done: 'Enquiry lead decided',
  },
  submit_provider_report: {
    title: 'Send your enquiry report',
    fields: [
      {
        name: 'report',
        kind: 'textarea',
        label: 'Your report',
        hint: 'What you found, what you did, and what will change',
      },
    ],
    button: 'Send the report to the council',
    context: (view) =>
      view.type === 's42_enquiry'
        ? [
            { key: 'Scope', value: view.details.scope },
            { key: 'Questions to answer', value: view.details.questions },
            ...(view.details.returnReason
              ? [{ key: 'Why the last report was returned', value: view.details.returnReason }]
              : []),
          ]
        : [],
    toPayload: (b) => ({ report: fieldValue(b, 'report') ?? '' }),
    done: 'Report sent to the council',
  },
  record_outcome: {
    title: 'What was the outcome of the enquiry?',
    fields: [
      {
        name: 'outcome',
        kind: 'radios',
        label: 'What was the outcome of the enquiry?',
        isPageHeading: true,
        required: 'Select the outcome',
        options: options(EnquiryOutcomeLabels),
      },
      {
        name: 'riskNow',
        kind: 'radios',
        label: 'How does the risk stand now?',
        required: 'Select how the risk stands now',
        options: options(RiskNowLabels),
      },
      {
        name: 'outcomesMet',
        kind: 'radios',
        label: 'Were the adult’s desired outcomes met?',
        required: 'Select whether the adult’s outcomes were met',
        options: options(OutcomesMetLabels),
      },
    ],
    button: 'Record the outcome',
    toPayload: (b) =>
      present({
        outcome: text(b, 'outcome'),
        riskNow: text(b, 'riskNow'),
        outcomesMet: text(b, 'outcomesMet'),
      }),
    done: 'Outcome recorded',
  },
  agree_safeguarding_plan: {
    title: 'Is a safeguarding plan needed?',
    fields: [
      {
        name: 'plan',
        kind: 'radios',
        label: 'Is a safeguarding plan needed?',
        isPageHeading: true,
        required: 'Select whether a safeguarding plan is needed',
        options: [
          {
            value: 'agreed',
            text: 'Yes, a plan is agreed',
            reveals: [
              { name: 'summary', kind: 'textarea', label: 'Summary of the plan' },
              {
                name: 'reviewOn',
                kind: 'date',
                label: 'When will the plan be reviewed?',
                hint: 'For example, 27 3 2027',
              },
            ],
          },
          { value: 'none_needed', text: 'No plan is needed' },
        ],
      },
    ],
    button: 'Save',
    toPayload: (b) => {
      const plan = text(b, 'plan');
      if (plan === 'agreed')
        return { plan, summary: fieldValue(b, 'summary') ?? '', reviewOn: dateValue(b, 'reviewOn') ?? '' };
      return plan ? { plan } : {};
    },
    done: 'Safeguarding plan recorded',
  },
  review_plan: {
    title: 'Review the safeguarding plan',
    fields: [
      { name: 'notes', kind: 'textarea', label: 'Review notes' },
      {
        name: 'final',
        kind: 'radios',
        label: 'Is this the final review?',
        required: 'Select whether this is the final review',
        options: [
          { value: 'true', text: 'Yes, the plan has ended or passes to care management' },
          {
            value: 'false',
            text: 'No',
            reveals: [
              {
                name: 'nextReviewOn',
                kind: 'date',
                label: 'Next review',
                hint: 'Leave empty for the policy’s default',
              },
            ],
          },
        ],
      },
    ],
    button: 'Save the review',
    toPayload: (b) =>
      present({
        notes: text(b, 'notes'),
        final: bool(b, 'final'),
        nextReviewOn: dateValue(b, 'nextReviewOn'),
      }),
    done: 'Plan review recorded',
  },
  confirm_suspension: {
    title: 'When was the staff member suspended?',
    fields: [
      {
        name: 'suspendedOn',
        kind: 'date',
        label: 'When was the staff member suspended?',
        hint: 'From providing any services under the contract (specs/003 §7.17). For example, 27 3 2026',
      },
    ],
    button: 'Confirm the suspension',
    // The day is what the provider knows: today is recorded as now, an earlier day as its morning.
    toPayload: (b) => {
      const on = dateValue(b, 'suspendedOn');
      if (!on) return { suspendedAt: '' };
      const now = new Date();
      return { suspendedAt: on === londonDate(now) ? now.toISOString() : `${on}T09:00:00Z` };
    },
    done: 'Suspension confirmed',
  },
  lado_referral: {
    title: 'What did the LADO decide?',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'What did the LADO decide?',
        isPageHeading: true,
        required: 'Select the LADO’s decision',
        options: options(LadoDecisionLabels),
      },
      { name: 'decidedOn', kind: 'date', label: 'When was it decided?', hint: 'For example, 27 3 2026' },
    ],
    button: 'Record the decision',
    toPayload: (b) => present({ decision: text(b, 'decision'), decidedOn: dateValue(b, 'decidedOn') ?? '' }),
    done: 'LADO decision recorded',
  },
  resolution_review: {
    title: 'What is the allegation waiting for?',
    fields: [
      {
        name: 'waitingFor',
        kind: 'radios',
        label: 'What is the allegation waiting for?',
        isPageHeading: true,
        hint: 'It is reviewed at 1, 3 and 12 months from when it was raised, and every 3 months after that.',
        required: 'Select what the allegation is waiting for',
        options: options(ResolutionWaitLabels),
      },
    ],
    button: 'Record the review',
    toPayload: (b) => present({ waitingFor: text(b, 'waitingFor') }),
    done: 'Review recorded',
  },
  lado_evaluation: {
    title: 'What did the evaluation meeting decide?',
    fields: [
      {
        name: 'nextStep',
        kind: 'radios',
        label: 'What did the evaluation meeting decide?',
        isPageHeading: true,
        required: 'Select what happens next',
        options: options(LadoEvaluationStepLabels),
      },
      {
        name: 'heldOn',
        kind: 'date',
        label: 'When was the meeting held?',
        hint: 'For example, 27 3 2026',
      },
    ],
    button: 'Record the meeting',
    toPayload: (b) => present({ heldOn: dateValue(b, 'heldOn') ?? '', nextStep: text(b, 'nextStep') }),
    done: 'Evaluation meeting recorded',
  },
  record_employment_outcome: {
    title: 'What is the employment outcome?',
    fields: [
      {
        name: 'outcome',
        kind: 'radios',
        label: 'What is the employment outcome?',
        isPageHeading: true,
        required: 'Select the employment outcome',
        hint: 'Dismissal, resignation, retirement or removal starts the DBS referral decision',
        options: options(EmploymentOutcomeLabels),
      },
    ],
    button: 'Record the outcome',
    toPayload: (b) => present({ outcome: text(b, 'outcome') }),
    done: 'Employment outcome recorded',
  },
  dbs_referral_decision: referralForm('DBS', 'Has the person been referred to the DBS?'),
  dbs_actions_notice: {
    title: 'Send the council the details of the DBS referral',
    fields: [
      dayField('sentOn', 'When did you send them?'),
      {
        name: 'details',
        kind: 'textarea',
        label: 'What actions were taken?',
        hint: 'The written details of all actions taken, as the contract requires. Only people who may see this allegation can read them.',
      },
    ],
    button: 'Send the details',
    toPayload: (b) => ({
      sentOn: dateValue(b, 'sentOn') ?? '',
      details: fieldValue(b, 'details') ?? '',
    }),
    done: 'Details of the DBS referral sent to the council',
  },
  regulator_referral_decision: referralForm('regulator', 'Has the person been referred to their regulator?'),
  suspension_review: {
    title: 'Review the suspension',
    fields: [
      {
        name: 'continues',
        kind: 'radios',
        label: 'Does the suspension continue?',
        isPageHeading: true,
        required: 'Confirm that the suspension continues',
        hint: 'To end it, lift the suspension instead',
        options: [{ value: 'true', text: 'Yes, it continues until the next review' }],
      },
    ],
    button: 'Record the review',
    toPayload: (b) => present({ continues: bool(b, 'continues') }),
    done: 'Suspension review recorded',
  },
  lift_suspension: {
    title: 'Lift the suspension',
    fields: [
      {
        name: 'rationale',
        kind: 'textarea',
        label: 'Why is the matter resolved to your satisfaction?',
        hint: 'Only the commissioner lifts a suspension (specs/003 §7.17)',
      },
    ],
    button: 'Lift the suspension',
    toPayload: (b) => ({ rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Suspension lifted',
  },
  sign_off: {
    title: 'Sign off the enquiry',
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'Do you sign off the enquiry?',
        isPageHeading: true,
        required: 'Select whether you sign off the enquiry',
        options: [
          {
            value: 'signed_off',
            text: 'Yes, sign it off',
            hint: 'The enquiry closes, and the concern it came from with it',
          },
          {
            value: 'returned',
            text: 'No, return it for more work',
            reveals: [{ name: 'reason', kind: 'textarea', label: 'What needs doing?' }],
          },
        ],
      },
    ],
    button: 'Save',
    toPayload: (b) => {
      const decision = text(b, 'decision');
      if (decision === 'returned') return { decision, reason: fieldValue(b, 'reason') ?? '' };
      return decision ? { decision } : {};
    },
    done: 'Sign-off recorded',
  },
};

/** The form as this case shows it: fields that depend on the case (the people who must move) filled in. */
export function resolveForm(form: TaskForm, view: CaseView): TaskForm {
  return form.fieldsFor ? { ...form, fields: form.fieldsFor(view) } : form;
}

/** The page's field names, for matching a use case's field errors to inline messages. */
export function fieldNames(form: TaskForm): string[] {
  return form.fields.flatMap((f) => [
    f.name,
    ...(f.options ?? []).flatMap((o) => (o.reveals ?? []).map((r) => r.name)),
  ]);
}

/** The anchor an error links to: a date's day box, otherwise the field. */
export function errorAnchor(form: TaskForm, name: string): string {
  const all = form.fields.flatMap((f) => [f, ...(f.options ?? []).flatMap((o) => o.reveals ?? [])]);
  return all.find((f) => f.name === name)?.kind === 'date' ? `${name}-day` : name;
}

/** The page's own messages for required choices left empty. */
export function missingChoices(form: TaskForm, body: unknown): { field: string; text: string }[] {
  return form.fields
    .filter((f) => f.required && !text(body, f.name))
    .map((f) => ({ field: f.name, text: f.required as string }));
}
