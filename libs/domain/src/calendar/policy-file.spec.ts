import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClockKeys } from '../../../contracts/src/clock-keys';
import { dueKind, type ClockPolicy, type EscalationRung } from '../policy/policy.schema';
import { DEFAULT_POLICY_PATH, loadPolicy, readPolicyFile, resolveDefaultPolicyPath } from './policy-file';

const repoRoot = path.resolve(__dirname, '../../../..');
const shippedPath = path.join(repoRoot, 'libs/domain/policies/default.json');
const tmp = mkdtempSync(path.join(tmpdir(), 'vigil-policy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTmp(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** DOMAIN §4.0 ladders, as the default policy must spell them. */
const LADDERS: Record<string, EscalationRung[]> = {
  'C-H': [
    { after: { hours: 0 }, to: 'assignee' },
    { after: { hours: 1 }, to: 'team_manager' },
    { after: { hours: 4 }, to: 'head_of_service' },
  ],
  'C-WD': [
    { after: { workingDays: 0 }, to: 'assignee' },
    { after: { workingDays: 1 }, to: 'team_manager' },
    { after: { workingDays: 3 }, to: 'head_of_service' },
  ],
  'C-L': [
    { after: { workingDays: 0 }, to: 'assignee' },
    { after: { workingDays: 5 }, to: 'team_manager' },
    { after: { workingDays: 10 }, to: 'head_of_service' },
  ],
  'P-H': [
    { after: { hours: 0 }, to: 'assignee' },
    { after: { hours: 1 }, to: 'provider_manager' },
    { after: { hours: 4 }, to: 'commissioner' },
  ],
  'P-WD': [
    { after: { workingDays: 0 }, to: 'assignee' },
    { after: { workingDays: 1 }, to: 'provider_manager' },
    { after: { workingDays: 3 }, to: 'commissioner' },
  ],
  'P-S': [
    { after: { hours: 0 }, to: 'assignee' },
    { after: { hours: 0 }, to: 'provider_manager' },
    { after: { hours: 0 }, to: 'commissioner' },
    { after: { hours: 4 }, to: 'head_of_service' },
  ],
};

function ladderOf(clock: ClockPolicy): string | undefined {
  const json = JSON.stringify(clock.escalations);
  return Object.keys(LADDERS).find((name) => JSON.stringify(LADDERS[name]) === json);
}

describe('the shipped default policy', () => {
  const policy = loadPolicy();

  it('is identified as DOMAIN says, with no office hours (no EDT routing by default)', () => {
    expect(policy.name).toBe('vigil-default');
    expect(policy.version).toBe('2026.11.1');
    expect(policy.effectiveFrom).toBe('2026-11-23');
    expect(policy.endOfWorkingDay).toBe('17:00');
    expect(policy.officeHours).toBeUndefined();
  });

  it('has an entry for every ClockKey and nothing else', () => {
    expect(Object.keys(policy.clocks).sort()).toEqual([...ClockKeys].sort());
  });

  it.each([...ClockKeys])('%s uses a DOMAIN ladder matching its kind and owner', (key) => {
    const clock = policy.clocks[key] as ClockPolicy;
    const ladder = ladderOf(clock);
    expect(ladder).toBeDefined();
    expect(clock.owner).toBe(ladder?.startsWith('C-') ? 'council' : 'provider');
    // H ladders go with elapsed clocks; WD and long ladders with calendar-based ones.
    const elapsed = dueKind(clock.due) === 'hours';
    expect(ladder?.endsWith('-H') || ladder === 'P-S').toBe(elapsed);
  });

  it.each([
    ['concern.triage', { workingDays: 1 }, 'C-WD'],
    ['concern.urgent_triage', { hours: 4 }, 'C-H'],
    ['notice.safeguarding', { hours: 4 }, 'P-H'],
    ['notice.improper_conduct', { hours: 4 }, 'P-H'],
    ['notice.investigation', { hours: 24 }, 'P-H'],
    ['notice.si', { hours: 24 }, 'P-H'],
    ['notice.prompt', { hours: 24 }, 'P-H'],
    ['notice.timely', { workingDays: 2 }, 'P-WD'],
    ['s42.urgent_strategy', { workingDays: 1 }, 'C-WD'],
    ['s42.provider_report', { workingDays: 15 }, 'P-WD'],
    ['s42.outcome', { workingDays: 20 }, 'C-L'],
    ['s42.plan_review', { workingDays: 30 }, 'C-L'],
    ['allegation.confirm_suspension', { hours: 4 }, 'P-S'],
    ['allegation.lado_referral', { workingDays: 1 }, 'C-WD'],
    ['allegation.resolution', { months: 1 }, 'C-L'],
    ['incident.cqc_notification', { hours: 24 }, 'P-H'],
    ['incident.ico_notification', { hours: 72 }, 'P-H'],
    ['incident.investigation_report', { workingDays: 60 }, 'P-WD'],
    ['incident.si_meeting_decision', { workingDays: 5 }, 'C-WD'],
    ['complaint.acknowledge', { workingDays: 3 }, 'P-WD'],
    ['complaint.six_months', { months: 6 }, 'C-L'],
    ['provider.continuity', { workingDays: 1 }, 'P-WD'],
    ['provider.continuity_interrupted', { hours: 4 }, 'P-H'],
    ['provider.lse_decision', { workingDays: 2 }, 'C-WD'],
    ['provider.notice_period', { calendarDays: 30 }, 'P-WD'],
    ['returns.pi_return', { calendarDays: 14 }, 'P-WD'],
    ['returns.low_level_concerns', { workingDays: 10 }, 'P-WD'],
    ['returns.periodic_report', { months: 12 }, 'P-WD'],
  ] as const)('sets %s to %j on %s', (key, due, ladder) => {
    const clock = policy.clocks[key] as ClockPolicy;
    expect(clock.due).toEqual(due);
    expect(ladderOf(clock)).toBe(ladder);
  });

  it('turns off only the low-level concerns return', () => {
    const off = ClockKeys.filter((key) => policy.clocks[key]?.enabled === false);
    expect(off).toEqual(['returns.low_level_concerns']);
  });

  it('is plain JSON without comment keys', () => {
    const raw = JSON.parse(readFileSync(shippedPath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw).filter((k) => k.startsWith('_'))).toEqual([]);
  });
});

describe('resolveDefaultPolicyPath', () => {
  it('finds the file beside the source tree', () => {
    expect(resolveDefaultPolicyPath()).toBe(shippedPath);
    expect(DEFAULT_POLICY_PATH).toBe(shippedPath);
  });

  it('walks up from the compiled location under dist/', () => {
    expect(resolveDefaultPolicyPath(path.join(repoRoot, 'dist/libs/domain/src/calendar'))).toBe(shippedPath);
  });

  it('says where it looked when there is no default policy', () => {
    expect(() => resolveDefaultPolicyPath(tmp)).toThrow(/shipped default policy not found/);
  });
});

describe('loadPolicy with a council file', () => {
  it('merges a partial file over the defaults', () => {
    const file = writeTmp('kent.json', {
      name: 'kent',
      version: 4,
      endOfWorkingDay: '16:00',
      officeHours: { start: '08:30', end: '17:30' },
      clocks: { 'concern.triage': { due: { hours: 2 } } },
    });
    const policy = loadPolicy({ file });
    expect([policy.name, policy.version, policy.endOfWorkingDay]).toEqual(['kent', '4', '16:00']);
    expect(policy.officeHours).toEqual({ start: '08:30', end: '17:30' });
    expect(policy.clocks['concern.triage']).toEqual({
      due: { hours: 2 },
      escalations: [],
      owner: 'council',
      enabled: true,
    });
    expect(policy.clocks['notice.safeguarding']?.due).toEqual({ hours: 4 });
    expect(Object.keys(policy.clocks)).toHaveLength(ClockKeys.length);
  });

  it('treats an empty file setting as no file', () => {
    expect(loadPolicy({ file: '' }).name).toBe('vigil-default');
    expect(loadPolicy({ file: undefined }).name).toBe('vigil-default');
  });

  it('names the file when it cannot be read', () => {
    const missing = path.join(tmp, 'missing.json');
    expect(() => loadPolicy({ file: missing })).toThrow(`Invalid policy file ${missing}`);
    expect(() => loadPolicy({ file: missing })).toThrow(/ENOENT/);
  });

  it('names the file when it is not JSON', () => {
    const file = writeTmp('broken.json', '{ "name": "x", ');
    expect(() => loadPolicy({ file })).toThrow(`Invalid policy file ${file}:\n  - not valid JSON`);
  });

  it('names the file, the clock and the field for a bad value', () => {
    const file = writeTmp('bad.json', {
      name: 'bad',
      version: '1',
      clocks: { 'concern.triage': { due: { workingDays: -1 } } },
    });
    expect(() => loadPolicy({ file })).toThrow(`Invalid policy file ${file}`);
    expect(() => loadPolicy({ file })).toThrow(
      'clocks["concern.triage"].due.workingDays: must not be negative',
    );
  });

  it('names an unknown clock and the file', () => {
    const file = writeTmp('typo.json', {
      name: 't',
      version: '1',
      clocks: { 'concern.triag': { due: { hours: 1 } } },
    });
    expect(() => loadPolicy({ file })).toThrow(`unknown clock "concern.triag" in policy file ${file}`);
  });

  it('refuses a default policy that misses a clock or an owner', () => {
    const shipped = readPolicyFile(shippedPath);
    const clocks = { ...shipped.clocks };
    delete clocks['returns.periodic_report'];
    const { owner: _owner, ...ownerless } = clocks['concern.triage'] as ClockPolicy;
    const defaultFile = writeTmp('short-default.json', {
      ...shipped,
      clocks: { ...clocks, 'concern.triage': ownerless },
    });
    expect(() => loadPolicy({ defaultFile })).toThrow(
      'clocks["returns.periodic_report"]: missing from the default',
    );
    expect(() => loadPolicy({ defaultFile })).toThrow(
      'clocks["concern.triage"].owner: required in the default',
    );
  });
});
