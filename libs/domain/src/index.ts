// Pure domain rules. Workflows may import this entry point; it must stay free of Node built-ins,
// I/O and calendars. Server-only helpers (calendar, policy files, deadlines) are in ./calendar.
export * from './policy/policy.schema';
export * from './cases';
export * from './permissions';
export * from './errors';
export * from './labels';
export * from './london-time';
