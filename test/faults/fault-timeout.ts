import { jest } from '@jest/globals';

// A fault waits out real outages (SMTP socket timeouts of 30 s, Temporal retry back-off): minutes, not seconds.
jest.setTimeout(600_000);
