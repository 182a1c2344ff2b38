import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDue } from './due';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigil-due-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writePolicy(name: string, policy: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

const FRIDAY = '2026-11-20T10:00:00Z';

describe('runDue', () => {
  it.each([
    [['--from', FRIDAY, '--working-days', '1'], '2026-11-23T17:00:00.000Z'],
    [['--from', FRIDAY, '--working-days=0'], '2026-11-20T17:00:00.000Z'],
    [['--working-days', '2', '--from', '2026-04-02T10:00:00+01:00'], '2026-04-08T16:00:00.000Z'],
    [['--from', FRIDAY, '--hours', '4'], '2026-11-20T14:00:00.000Z'],
    [['--from', FRIDAY, '--hours', '1.5'], '2026-11-20T11:30:00.000Z'],
    [['--from', FRIDAY, '--duration', 'PT8S'], '2026-11-20T10:00:08.000Z'],
    [['--from', '2026-03-28T12:00:00Z', '--duration', 'P1D'], '2026-03-29T11:00:00.000Z'],
    [['--from', FRIDAY, '--working-days', '1', '--end-of-working-day', '16:00'], '2026-11-23T16:00:00.000Z'],
    [['--from', FRIDAY, '--clock', 'concern.triage'], '2026-11-23T17:00:00.000Z'],
    [['--from', FRIDAY, '--clock', 'notice.safeguarding'], '2026-11-20T14:00:00.000Z'],
    [['--from', FRIDAY, '--clock', 'provider.notice_period'], '2026-12-20T23:59:59.999Z'],
  ])('%j prints %s', (argv, expected) => {
    expect(runDue(argv)).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('uses the clock from --policy, and that policy’s end of working day', () => {
    const file = writePolicy('council.json', {
      name: 'council',
      version: '1',
      endOfWorkingDay: '16:30',
      clocks: { 'concern.urgent_triage': { due: { hours: 2 } } },
    });
    expect(runDue(['--from', FRIDAY, '--policy', file, '--clock', 'concern.urgent_triage']).stdout).toBe(
      '2026-11-20T12:00:00.000Z\n',
    );
    // concern.triage keeps its default (1 WD) but ends at the policy's 16:30...
    expect(runDue(['--from', FRIDAY, '--policy', file, '--clock', 'concern.triage']).stdout).toBe(
      '2026-11-23T16:30:00.000Z\n',
    );
    // ...unless the command line says otherwise.
    const argv = [
      '--from',
      FRIDAY,
      '--policy',
      file,
      '--clock',
      'concern.triage',
      '--end-of-working-day',
      '18:00',
    ];
    expect(runDue(argv).stdout).toBe('2026-11-23T18:00:00.000Z\n');
  });

  it.each([
    [[], '--from is required'],
    [['--working-days', '1'], '--from is required'],
    [['--from', FRIDAY], 'give exactly one of'],
    [['--from', FRIDAY, '--hours', '1', '--working-days', '1'], 'give exactly one of'],
    [['--from', FRIDAY, '--hours', '1', '--clock', 'concern.triage'], 'give exactly one of'],
    [['--from', '2026-11-20', '--hours', '1'], '--from must be an ISO instant'],
    [['--from', '2026-11-20T10:00:00', '--hours', '1'], '--from must be an ISO instant'],
    [['--from', '2026-13-45T10:00:00Z', '--hours', '1'], '--from must be an ISO instant'],
    [['--from', FRIDAY, '--hours', '-1'], '--hours must be a number > 0'],
    [['--from', FRIDAY, '--hours', '0'], '--hours must be a number > 0'],
    [['--from', FRIDAY, '--hours', 'four'], '--hours must be a number > 0'],
    [['--from', FRIDAY, '--working-days', '1.5'], '--working-days must be a whole number'],
    [['--from', FRIDAY, '--working-days', '-1'], '--working-days must be a whole number'],
    [['--from', FRIDAY, '--duration', 'P'], '--duration must be an ISO-8601 duration'],
    [['--from', FRIDAY, '--duration', '8s'], '--duration must be an ISO-8601 duration'],
    [
      ['--from', FRIDAY, '--hours', '1', '--end-of-working-day', '25:00'],
      '--end-of-working-day must be HH:MM',
    ],
    [['--from', FRIDAY, '--clock', 'concern.triag'], 'unknown clock "concern.triag"'],
    [['--from', FRIDAY, '--hours', '1', '--policy', 'x.json'], '--policy needs --clock'],
    [['--from', FRIDAY, '--hours'], '--hours needs a value'],
    [['--from', '--hours', '1'], '--from needs a value'],
    [['--from', FRIDAY, '--from', FRIDAY, '--hours', '1'], '--from given twice'],
    [['--from', FRIDAY, '--days', '1'], 'unknown option --days'],
    [['--from', FRIDAY, 'extra', '--hours', '1'], 'unexpected argument "extra"'],
  ])('%j exits 2 with %j on stderr and nothing on stdout', (argv, message) => {
    const result = runDue(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: due --from');
  });

  it('exits 2 naming the file for a missing or invalid policy file', () => {
    const missing = path.join(tmp, 'missing.json');
    const result = runDue(['--from', FRIDAY, '--policy', missing, '--clock', 'concern.triage']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain(`Invalid policy file ${missing}`);

    const bad = writePolicy('bad.json', {
      name: 'b',
      version: '1',
      clocks: { 'concern.triage': { due: {} } },
    });
    const invalid = runDue(['--from', FRIDAY, '--policy', bad, '--clock', 'concern.triage']);
    expect([invalid.code, invalid.stdout]).toEqual([2, '']);
    expect(invalid.stderr).toContain('clocks["concern.triage"].due');
  });
});

describe('due as a process', () => {
  const script = path.join(__dirname, 'due.ts');
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      cwd: path.resolve(__dirname, '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints only the instant and exits 0', () => {
    const result = run(['--from', FRIDAY, '--working-days', '1']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('2026-11-23T17:00:00.000Z\n');
    expect(result.status).toBe(0);
  });

  it('exits 2 with nothing on stdout for bad arguments', () => {
    const result = run(['--from', 'yesterday', '--hours', '1']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--from must be an ISO instant');
  });
});
