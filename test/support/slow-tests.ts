import { jest } from '@jest/globals';

// Clocks in these tests run for real, in seconds: there are no fake timers with a real Temporal server.
jest.setTimeout(90_000);
