// `npm run faults`: the fault suite (test/faults/*.fault-spec.ts), on the same stack as the integration
// tests (global setup: PostgreSQL template, Temporal dev server, workflow bundle). Not part of `npm test`:
// it kills processes and waits out real outages, so it takes minutes. One file at a time (2 cores).
const base = require('./jest.config.js');

const integration = base.projects.find((p) => p.displayName === 'integration');

module.exports = {
  reporters: ['default'],
  projects: [
    {
      ...integration,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      setupFilesAfterEnv: [...integration.setupFilesAfterEnv, '<rootDir>/test/faults/fault-timeout.ts'],
    },
  ],
};
