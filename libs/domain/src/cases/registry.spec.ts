import { describe, expect, it } from '@jest/globals';
import { CaseTypes, ClockKeys, TaskTypes } from '@vigil/contracts';
import { ClockLabels, TaskLabels } from '../labels';
import {
  CaseDefinitions,
  CaseRegistry,
  clocksForTask,
  isClosedStatus,
  manualTransitions,
  RequiredClocks,
  taskDefinition,
  transitionFor,
  VisibilityRows,
} from './registry';

describe('the case-type registry', () => {
  it('defines every case type and every task type exactly once', () => {
    expect(Object.keys(CaseRegistry).sort()).toEqual([...CaseTypes].sort());
    const tasks = CaseDefinitions.flatMap((d) => d.tasks.map((t) => t.type));
    expect([...tasks].sort()).toEqual([...TaskTypes].sort());
    expect(new Set(tasks).size).toBe(tasks.length);
  });

  it.each(CaseDefinitions.map((d) => [d.type, d] as const))(
    '%s: transitions name only its statuses, each status has words and a colour',
    (_type, def) => {
      for (const t of def.transitions) {
        for (const from of t.from) expect(def.statuses).toContain(from);
        expect(def.statuses).toContain(t.to);
        expect(t.label.length).toBeGreaterThan(0);
      }
      for (const s of def.statuses) {
        expect(def.statusLabels[s]).toBeTruthy();
        expect(def.statusColours[s]).toMatch(/^govuk-tag--/);
      }
      // One meaning per (status, event): the transition table is a function.
      const keys = def.transitions.flatMap((t) => t.from.map((f) => `${f} ${t.event}`));
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  it('names only known clocks, each with a label', () => {
    for (const def of CaseDefinitions)
      for (const task of def.tasks)
        for (const clock of task.clocks) {
          expect(ClockKeys).toContain(clock.key);
          expect(ClockLabels[clock.key]).toBeTruthy();
        }
    for (const type of TaskTypes) expect(TaskLabels[type]).toBeTruthy();
  });

  it('derives the clocks a council may not switch off from the tasks that are due by them', () => {
    expect(RequiredClocks).toEqual(
      expect.arrayContaining([
        'concern.triage',
        's42.msp_views',
        's42.strategy',
        's42.signoff',
        's42.provider_report',
      ]),
    );
    expect(RequiredClocks).not.toContain('concern.care_plan_review');
    expect(RequiredClocks).not.toContain('concern.urgent_triage');
  });

  it('runs the urgent clocks only when the adult is at immediate risk', () => {
    expect(clocksForTask('triage_decision', { immediateRisk: false }).map((c) => c.key)).toEqual([
      'concern.triage',
    ]);
    expect(clocksForTask('triage_decision', { immediateRisk: true }).map((c) => c.key)).toEqual([
      'concern.triage',
      'concern.urgent_triage',
    ]);
    expect(clocksForTask('decide_enquiry_lead', { immediateRisk: true }).map((c) => c.key)).toEqual([
      's42.urgent_strategy',
    ]);
    expect(clocksForTask('decide_enquiry_lead').map((c) => c.key)).toEqual(['s42.strategy']);
  });

  it('tells the raiser of every triage decision, and only a triage actor may make one', () => {
    for (const decision of ['section_42_enquiry', 'no_further_action', 'signpost']) {
      const t = transitionFor('concern', 'awaiting_triage', `triage_decision:${decision}`);
      expect(t?.notify).toEqual(['raiser']);
      expect(t?.actors).toEqual(taskDefinition('triage_decision').actors);
      expect(transitionFor('concern', 'closed', `triage_decision:${decision}`)).toBeUndefined();
    }
    expect(transitionFor('concern', 'awaiting_triage', 'triage_decision:section_42_enquiry')?.to).toBe(
      'enquiry_open',
    );
  });

  it('lets the adult stop an enquiry from any open state, and only a manager sign it off', () => {
    for (const from of ['planning', 'awaiting_provider_report', 'in_progress'])
      expect(transitionFor('s42_enquiry', from, 'record_outcome:ceased_at_request')?.to).toBe(
        'outcome_recorded',
      );
    expect(transitionFor('s42_enquiry', 'planning', 'record_outcome')).toBeUndefined();
    expect(transitionFor('s42_enquiry', 'awaiting_signoff', 'sign_off:signed_off')?.actors).toEqual([
      'team_manager',
      'head_of_service',
    ]);
    expect(isClosedStatus('s42_enquiry', 'closed')).toBe(true);
    expect(isClosedStatus('s42_enquiry', 'awaiting_signoff')).toBe(false);
  });

  it('offers withdraw and merge to a team manager on a concern awaiting triage, and to nobody else', () => {
    expect(manualTransitions('concern', 'awaiting_triage', 'team_manager').map((t) => t.event)).toEqual([
      'withdraw',
      'merge',
    ]);
    expect(manualTransitions('concern', 'awaiting_triage', 'council_officer')).toEqual([]);
    expect(manualTransitions('concern', 'closed', 'team_manager')).toEqual([]);
  });

  it('flattens visibility into the rows the database seeds (role × type × relationship)', () => {
    expect(VisibilityRows).toContainEqual({
      caseType: 'concern',
      role: 'commissioner',
      relationship: 'commissioned',
      masked: true,
    });
    // The LADO sees only allegations about people who work with children (Working Together, KCSIE Part 4).
    expect(VisibilityRows.filter((r) => r.role === 'lado')).toEqual([
      { caseType: 'allegation', role: 'lado', relationship: 'council_children', masked: false },
    ]);
    const keys = VisibilityRows.map((r) => `${r.role} ${r.caseType} ${r.relationship}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
