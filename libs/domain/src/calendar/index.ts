// Server-only: calendars, deadlines and policy files. Workflows must not import this entry point
// (it uses node:fs and date libraries); they receive instants computed here instead.
export { bankHolidays, isBankHoliday } from './bank-holidays';
export { LONDON, londonDate, londonInstant, addLocalDays, addLocalMonths } from './london';
export {
  WorkingDayCalendar,
  DEFAULT_END_OF_WORKING_DAY,
  type WorkingDayCalendarOptions,
  type OfficeHoursWindow,
} from './working-days';
export {
  addElapsedHours,
  addIsoDuration,
  addOffset,
  computeDue,
  resolveClock,
  type ResolvedClock,
  type ResolvedRung,
} from './deadlines';
export {
  DEFAULT_POLICY_PATH,
  DEFAULT_POLICY_RELATIVE_PATH,
  loadPolicy,
  readPolicyFile,
  resolveDefaultPolicyPath,
  type LoadPolicyOptions,
} from './policy-file';
