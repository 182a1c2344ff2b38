import type { LadderRung, NoticeRequest, WorkflowClock } from '@vigil/contracts';
import { patched } from '@temporalio/workflow';
import { untilOrDue } from './deadline';
import { Patches } from './patches';

export type LadderStep = { kind: 'breach'; at: string } | ({ kind: 'rung' } & LadderRung);

/** The breach at the due moment, then each rung at its instant; the breach first on a tie. */
export function ladderSteps(clock: WorkflowClock): LadderStep[] {
  const steps: LadderStep[] = [
    { kind: 'breach', at: clock.dueAt },
    ...clock.rungs.map((r) => ({ kind: 'rung' as const, ...r })),
  ];
  return steps
    .map((step, order) => ({ step, order }))
    .sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || a.order - b.order)
    .map(({ step }) => step);
}

/** A rung's email: step key `<step>#rung-<n>`, where `step` names the clock's run (`s42.plan_review.2`). */
export function rungNotice(step: string, clock: WorkflowClock, rung: LadderRung): NoticeRequest {
  return {
    stepKey: `${step}#rung-${rung.rung}`,
    template: 'clock.escalation',
    audience: { kind: 'role', role: rung.role },
    clockId: clock.clockId,
    clockName: clock.name,
    rung: rung.rung,
    dueAt: clock.dueAt,
  };
}

export interface LadderHooks {
  onBreach(): Promise<void>;
  onRung(rung: LadderRung): void;
  /**
   * The breach and the rungs due at the same instant, in one step (runs since Patches.escalationStep).
   * Without it (the concern's pre-engine runs) they go one by one, as before.
   */
  onBreachWithRungs?(rungs: LadderRung[]): Promise<void>;
}

/** The rungs due at the breach's instant, right after it in ladder order (none when the first is later). */
function rungsWithBreach(steps: readonly LadderStep[], from: number): LadderRung[] {
  const at = Date.parse(steps[from].at);
  const rungs: LadderRung[] = [];
  for (const step of steps.slice(from + 1)) {
    if (step.kind !== 'rung' || Date.parse(step.at) !== at) break;
    rungs.push({ rung: step.rung, role: step.role, at: step.at });
  }
  return rungs;
}

/**
 * Walks one clock's escalation ladder until the duty is met (`stopped()` holds). A stop cancels every
 * later rung at once. Returns 'met' or 'breached' (the ladder ran to its end unanswered).
 */
export async function runLadder(
  clock: WorkflowClock,
  stopped: () => boolean,
  hooks: LadderHooks,
): Promise<'met' | 'breached'> {
  const breaches: Promise<void>[] = [];
  const steps = ladderSteps(clock);
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (await untilOrDue(stopped, step.at)) return 'met';
      if (step.kind === 'rung') {
        hooks.onRung(step);
        continue;
      }
      const withIt = rungsWithBreach(steps, i);
      if (hooks.onBreachWithRungs && withIt.length > 0 && patched(Patches.escalationStep)) {
        breaches.push(hooks.onBreachWithRungs(withIt));
        i += withIt.length;
      }
      // Recording the breach no longer holds back a rung due at the same moment.
      else if (patched(Patches.promptEscalation)) breaches.push(hooks.onBreach());
      else await hooks.onBreach();
    }
    return 'breached';
  } finally {
    await Promise.all(breaches);
  }
}
