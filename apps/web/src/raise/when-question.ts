import { londonDate } from '@vigil/domain';
import { dateValue, londonDateTimeValue, timeOf } from '../tasks/task-forms';
import type { Answers, Question } from './question-flow';

/** "When …" as a date and a time (both needed), London time. */
export function whenQuestion(
  slug: string,
  title: string,
  name: string,
  pointer: string,
  required: boolean,
): Question {
  const dateName = `${name}On`;
  const timeName = `${name}Time`;
  return {
    slug,
    title,
    fields: () => [
      {
        name: dateName,
        kind: 'date',
        label: 'Date',
        hint: 'For example, 27 11 2026',
        ...(required ? { required: 'Enter the date' } : {}),
      },
      {
        name: timeName,
        kind: 'text',
        label: 'Time',
        hint: 'For example, 14:30 or 2:30pm',
        ...(required ? { required: 'Enter the time' } : {}),
        inputClasses: 'govuk-input--width-5',
        autocomplete: 'off',
      },
    ],
    validate: (a) => {
      if (!a[`${dateName}-day`] && !a[timeName]) return [];
      if (!timeOf(a[timeName])) return [{ field: timeName, text: 'Enter the time like 14:30 or 2:30pm' }];
      return londonDateTimeValue(a, dateName, timeName)
        ? []
        : [{ field: dateName, text: 'Enter a real date, like 27 11 2026' }];
    },
    summary: (a) => [
      {
        key: title.replace(/\?$/, ''),
        value: dateValue(a, dateName)
          ? `${londonDate(`${dateValue(a, dateName)}T12:00:00Z`)}, ${a[timeName] ?? ''}`
          : 'Not given',
      },
    ],
    pointers: { [pointer]: dateName },
  };
}

/** The instant a "when" question's answers make, if they make one. */
export const whenValue = (a: Answers, name: string): string | undefined =>
  londonDateTimeValue(a, `${name}On`, `${name}Time`) || undefined;
