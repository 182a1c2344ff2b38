/**
 * `npm run histories:capture`: runs each concern scenario on a local Temporal dev server with fake
 * activities and saves its history to test/replay/histories/concern/<scenario>.json. Commit the files
 * with every shipped workflow change and keep them while runs of that version may be open.
 */
import { type Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '@vigil/temporal';
import {
  buildCaseWorkflowInput,
  buildConcernWorkflowInput,
  quietActivities,
} from '../test/factories/workflow-input.factory';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTemporalCli } from './dev/temporal';
import { dynamicConfigArgs } from './dev/temporal-config';

const OUT = path.resolve(__dirname, '../test/replay/histories');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const input = buildConcernWorkflowInput;

const decided = (decision: string) => ({
  decisionId: randomUUID(),
  decision,
  decidedAt: new Date().toISOString(),
});

const scenarios: Record<string, (client: Client, taskQueue: string) => Promise<string>> = {
  'notice/break-glass': async (client, taskQueue) => {
    const id = randomUUID();
    const handle = await client.workflow.start('noticeWorkflow', {
      taskQueue,
      workflowId: `notice:${id}`,
      args: [
        {
          workflowId: `notice:${id}`,
          caseId: randomUUID(),
          stepKey: 'case.break_glass#line-manager',
          template: 'case.break_glass',
          audience: { kind: 'line_manager', userId: randomUUID() },
          dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      ],
    });
    await handle.result();
    return handle.workflowId;
  },
  // Runs recorded before a patch keep their own files (decided-before-due.json, *.prompt-escalation.json):
  // re-running a scenario now records it under the newest patch, so its file name says which.
  'concern/decided-before-due.case-engine': async (client, taskQueue) => {
    const i = input(60_000, [0, 1_000]);
    const handle = await client.workflow.start('concernWorkflow', {
      taskQueue,
      workflowId: `concern:${i.caseId}`,
      args: [i],
    });
    await handle.signal('triageDecided', decided('no_further_action'));
    await handle.result();
    return handle.workflowId;
  },
  'concern/ladder-then-section-42.case-engine': async (client, taskQueue) => {
    const i = input(1_000, [0, 1_000, 2_000]);
    const handle = await client.workflow.start('concernWorkflow', {
      taskQueue,
      workflowId: `concern:${i.caseId}`,
      args: [i],
    });
    await sleep(4_500);
    await handle.signal('triageDecided', decided('section_42_enquiry'));
    await sleep(500);
    await handle.signal('enquiryClosed', { enquiryId: randomUUID(), closedAt: new Date().toISOString() });
    await handle.result();
    return handle.workflowId;
  },
};

/** A `caseUpdated` signal as the API sends it (IDs, enums and instants only). */
const update = (
  event: string,
  from: string,
  to: string,
  more: { outcome?: string; startClocks?: unknown[]; stopClocks?: string[]; notices?: unknown[] } = {},
) => ({
  updateId: randomUUID(),
  at: new Date().toISOString(),
  event,
  from,
  to,
  startClocks: [],
  stopClocks: [],
  notices: [],
  ...more,
});

const engineScenarios: Record<string, (client: Client, taskQueue: string) => Promise<string>> = {
  /**
   * The engine's concern: raise notices from the input (in one `sendNotices`, Patches.batchedNotices) and
   * its early-warning check (`watchProvider` in the input), a care-plan clock, triage into an enquiry, its end; the
   * triage clock's breach and its first rung in one `escalateClock` (Patches.escalationStep), run as a local
   * activity (Patches.localEscalation), and its second rung as a local `sendNotice` (Patches.localRungs).
   * engine-updates.case-engine.json, .batched-notices.json, .escalation-step.json, .single-timer.json and
   * .local-escalation.json are the same run from before those patches.
   */
  'concern/engine-updates.local-rungs': async (client, taskQueue) => {
    const i = {
      ...buildCaseWorkflowInput('concern', [
        { name: 'concern.triage', dueInMs: 1_000, rungOffsetsMs: [0, 500] },
        { name: 'concern.care_plan_review', dueInMs: 60_000, rungOffsetsMs: [0] },
      ]),
      // A counted case: its early-warning check runs in this workflow (ADR 0020).
      watchProvider: true,
      notices: [
        {
          stepKey: 'concern.raised#council',
          template: 'concern.raised.council',
          audience: { kind: 'role', role: 'assignee' },
        },
        { stepKey: 'concern.raised#raiser', template: 'concern.raised.raiser', audience: { kind: 'raiser' } },
      ],
    };
    const handle = await client.workflow.start('concernWorkflow', {
      taskQueue,
      workflowId: `concern:${i.caseId}`,
      args: [i],
    });
    await sleep(2_500);
    await handle.signal(
      'caseUpdated',
      update('triage_decision:section_42_enquiry', 'awaiting_triage', 'enquiry_open', {
        stopClocks: [i.clocks[0].clockId],
        notices: [
          {
            stepKey: 'concern.decided#raiser',
            template: 'concern.decided.raiser',
            audience: { kind: 'raiser' },
          },
        ],
      }),
    );
    await handle.signal(
      'caseUpdated',
      update('care_plan_review', 'enquiry_open', 'enquiry_open', { stopClocks: [i.clocks[1].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('enquiry_closed', 'enquiry_open', 'closed', { outcome: 'section_42_enquiry' }),
    );
    await handle.result();
    return handle.workflowId;
  },
  /** An enquiry: a clock missed, a report requested (a clock started by signal), outcome, sign-off. */
  's42/caused-report-signoff': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('s42_enquiry', [
      { name: 's42.msp_views', dueInMs: 1_000, rungOffsetsMs: [0] },
      { name: 's42.strategy', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]);
    const handle = await client.workflow.start('s42EnquiryWorkflow', {
      taskQueue,
      workflowId: `s42:${i.caseId}`,
      args: [i],
    });
    await sleep(2_000);
    const report = buildCaseWorkflowInput('s42_enquiry', [
      { name: 's42.provider_report', dueInMs: 500, rungOffsetsMs: [0, 500] },
    ]).clocks[0];
    await handle.signal(
      'caseUpdated',
      update('record_adult_views', 'planning', 'planning', { stopClocks: [i.clocks[0].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('decide_enquiry_lead:provider_caused', 'planning', 'awaiting_provider_report', {
        stopClocks: [i.clocks[1].clockId],
        startClocks: [report],
      }),
    );
    await sleep(2_000);
    await handle.signal(
      'caseUpdated',
      update('submit_provider_report', 'awaiting_provider_report', 'in_progress', {
        stopClocks: [report.clockId],
      }),
    );
    await handle.signal('caseUpdated', update('record_outcome', 'in_progress', 'outcome_recorded'));
    await handle.signal(
      'caseUpdated',
      update('agree_safeguarding_plan:none_needed', 'outcome_recorded', 'awaiting_signoff'),
    );
    await handle.signal(
      'caseUpdated',
      update('sign_off:signed_off', 'awaiting_signoff', 'closed', { outcome: 'no_risk' }),
    );
    await handle.result();
    return handle.workflowId;
  },
  /**
   * An allegation: suspension confirmed, the LADO's clock missed, resignation opens the DBS decision (a
   * clock started by signal), the review and lift cancelled, the referral decided, closed with an outcome.
   */
  'allegation/suspension-resignation-dbs-close': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('allegation', [
      { name: 'allegation.confirm_suspension', dueInMs: 60_000, rungOffsetsMs: [0] },
      { name: 'allegation.lado_referral', dueInMs: 1_000, rungOffsetsMs: [0, 500] },
    ]);
    const handle = await client.workflow.start('allegationWorkflow', {
      taskQueue,
      workflowId: `allegation:${i.caseId}`,
      args: [i],
    });
    const review = buildCaseWorkflowInput('allegation', [
      { name: 'allegation.suspension_review', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]).clocks[0];
    await handle.signal(
      'caseUpdated',
      update('confirm_suspension', 'open', 'suspension_in_place', {
        stopClocks: [i.clocks[0].clockId],
        startClocks: [review],
      }),
    );
    await sleep(2_500);
    await handle.signal(
      'caseUpdated',
      update('lado_referral', 'suspension_in_place', 'suspension_in_place', {
        stopClocks: [i.clocks[1].clockId],
      }),
    );
    const dbs = buildCaseWorkflowInput('allegation', [
      { name: 'allegation.dbs_referral_decision', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]).clocks[0];
    await handle.signal(
      'caseUpdated',
      update('record_employment_outcome:left', 'suspension_in_place', 'investigating', {
        stopClocks: [review.clockId],
        startClocks: [dbs],
      }),
    );
    await handle.signal(
      'caseUpdated',
      update('dbs_referral_decision', 'investigating', 'investigating', { stopClocks: [dbs.clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('close', 'investigating', 'closed', { outcome: 'substantiated' }),
    );
    await handle.result();
    return handle.workflowId;
  },
  /**
   * A complaint: the social worker's notice missed (its ladder runs), acknowledged, the response date
   * extended (one clock stopped, another started), responded, the outcome shared, closed with an outcome.
   */
  'complaint/notice-missed-extend-close': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('complaint', [
      { name: 'complaint.acknowledge', dueInMs: 60_000, rungOffsetsMs: [0] },
      { name: 'complaint.social_worker_notice', dueInMs: 1_000, rungOffsetsMs: [0, 500] },
      { name: 'complaint.respond', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]);
    const handle = await client.workflow.start('complaintWorkflow', {
      taskQueue,
      workflowId: `complaint:${i.caseId}`,
      args: [i],
    });
    await sleep(2_500);
    await handle.signal(
      'caseUpdated',
      update('acknowledge', 'received', 'acknowledged', { stopClocks: [i.clocks[0].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('notify_social_worker', 'acknowledged', 'acknowledged', { stopClocks: [i.clocks[1].clockId] }),
    );
    const extended = buildCaseWorkflowInput('complaint', [
      { name: 'complaint.respond', dueInMs: 120_000, rungOffsetsMs: [0] },
    ]).clocks[0];
    await handle.signal(
      'caseUpdated',
      update('extend', 'acknowledged', 'acknowledged', {
        stopClocks: [i.clocks[2].clockId],
        startClocks: [extended],
      }),
    );
    const share = buildCaseWorkflowInput('complaint', [
      { name: 'complaint.share_outcome', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]).clocks[0];
    await handle.signal(
      'caseUpdated',
      update('respond', 'acknowledged', 'responded', {
        stopClocks: [extended.clockId],
        startClocks: [share],
      }),
    );
    await handle.signal(
      'caseUpdated',
      update('share_outcome', 'responded', 'responded', { stopClocks: [share.clockId] }),
    );
    await handle.signal('caseUpdated', update('close', 'responded', 'closed', { outcome: 'partly_upheld' }));
    await handle.result();
    return handle.workflowId;
  },
  /** A notification to the commissioner: the email at start, no clock, closed by the acknowledgement. */
  'notification/sent-acknowledged': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('notification', []);
    const handle = await client.workflow.start('notificationWorkflow', {
      taskQueue,
      workflowId: `notification:${i.caseId}`,
      args: [{ ...i, status: 'sent' }],
    });
    await sleep(1_000);
    await handle.signal('caseUpdated', update('acknowledge_notification', 'sent', 'acknowledged'));
    await handle.result();
    return handle.workflowId;
  },
  /** A serious incident: the CQC's clock missed, the steps met, the learning accepted (opened by signal), closed. */
  'incident/cqc-missed-learning-close': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('incident', [
      { name: 'incident.si_meeting_decision', dueInMs: 60_000, rungOffsetsMs: [0] },
      { name: 'incident.cqc_notification', dueInMs: 1_000, rungOffsetsMs: [0, 500] },
      { name: 'incident.investigation_report', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]);
    const handle = await client.workflow.start('incidentWorkflow', {
      taskQueue,
      workflowId: `incident:${i.caseId}`,
      args: [{ ...i, status: 'reported' }],
    });
    await sleep(2_500);
    await handle.signal(
      'caseUpdated',
      update('cqc_notification', 'reported', 'reported', { stopClocks: [i.clocks[1].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('si_meeting_decision', 'reported', 'reported', { stopClocks: [i.clocks[0].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('investigation_report', 'reported', 'report_submitted', { stopClocks: [i.clocks[2].clockId] }),
    );
    await handle.signal('caseUpdated', update('accept_learning', 'report_submitted', 'report_submitted'));
    await handle.signal('caseUpdated', update('close', 'report_submitted', 'closed'));
    await handle.result();
    return handle.workflowId;
  },
  /**
   * A provider concern: referrals suspended (the resumption review starts), an action plan whose item is
   * missed and escalated, then met, referrals resumed, the large-scale enquiry decided, closed.
   */
  'provider-concern/suspend-plan-missed-resume-close': async (client, taskQueue) => {
    const i = buildCaseWorkflowInput('provider_concern', [
      { name: 'provider.referral_decision', dueInMs: 60_000, rungOffsetsMs: [0] },
      { name: 'provider.lse_decision', dueInMs: 60_000, rungOffsetsMs: [0] },
    ]);
    const later = buildCaseWorkflowInput('provider_concern', [
      { name: 'provider.resumption_review', dueInMs: 60_000, rungOffsetsMs: [0] },
      { name: 'provider.siap_action', dueInMs: 1_000, rungOffsetsMs: [0, 500] },
    ]).clocks;
    const handle = await client.workflow.start('providerConcernWorkflow', {
      taskQueue,
      workflowId: `provider-case:${i.caseId}`,
      args: [{ ...i, status: 'concern_open' }],
    });
    await sleep(500);
    await handle.signal(
      'caseUpdated',
      update('decide_referral_suspension:suspend', 'concern_open', 'concern_open', {
        stopClocks: [i.clocks[0].clockId],
        startClocks: [later[0]],
      }),
    );
    await handle.signal(
      'caseUpdated',
      update('submit_siap', 'concern_open', 'improvement_plan', { startClocks: [later[1]] }),
    );
    await sleep(2_500);
    await handle.signal(
      'caseUpdated',
      update('siap_action', 'improvement_plan', 'improvement_plan', { stopClocks: [later[1].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('decide_resumption:resume', 'improvement_plan', 'monitoring', {
        stopClocks: [later[0].clockId],
      }),
    );
    await handle.signal(
      'caseUpdated',
      update('decide_lse:no_lse', 'monitoring', 'monitoring', { stopClocks: [i.clocks[1].clockId] }),
    );
    await handle.signal(
      'caseUpdated',
      update('close', 'monitoring', 'closed', { outcome: 'standard_reached' }),
    );
    await handle.result();
    return handle.workflowId;
  },
  /** The early-warning check a counted case asks for: one activity. */
  'provider-watch/opened': async (client, taskQueue) => {
    const caseId = randomUUID();
    const handle = await client.workflow.start('providerWatchWorkflow', {
      taskQueue,
      workflowId: `provider-watch:${caseId}`,
      args: [{ caseId }],
    });
    await handle.result();
    return handle.workflowId;
  },
};
Object.assign(scenarios, engineScenarios);

async function main(): Promise<void> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('a Temporal CLI is needed to capture histories (scripts/temporal-cli.sh)');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, extraArgs: dynamicConfigArgs() },
  });
  try {
    const taskQueue = `capture-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities: quietActivities,
      workflowBundle: await bundleWorkflowCode(workflowBundleOptions()),
    });
    await worker.runUntil(async () => {
      const only = process.argv[2];
      for (const [name, run] of Object.entries(scenarios).filter(([n]) => !only || n.startsWith(only))) {
        fs.mkdirSync(path.dirname(path.join(OUT, `${name}.json`)), { recursive: true });
        const workflowId = await run(env.client, taskQueue);
        // The CLI writes the canonical proto3 JSON that Worker.runReplayHistories reads back.
        const shown = spawnSync(
          cli,
          ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', env.address],
          {
            encoding: 'utf8',
          },
        );
        if (shown.status !== 0) throw new Error(`temporal workflow show failed: ${shown.stderr}`);
        fs.writeFileSync(path.join(OUT, `${name}.json`), shown.stdout);
        console.log(
          `captured ${name} (${(JSON.parse(shown.stdout) as { events: unknown[] }).events.length} events)`,
        );
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
