import type {
  ConcernWorkflowInput,
  ConcernWorkflowState,
  EnquiryClosedSignal,
  TriageDecidedSignal,
  TriageDecision,
} from '@vigil/contracts';

/** Plain, serialisable state of one concern workflow; handlers delegate here. */
export class ConcernState {
  private phase: ConcernWorkflowState['phase'] = 'awaiting_triage';
  private decisionValue: TriageDecision | null = null;
  private decisionIdValue: string | null = null;
  private readonly breached = new Set<string>();
  private readonly rungs: { clockId: string; rung: number }[] = [];

  constructor(readonly input: ConcernWorkflowInput) {}

  get decided(): boolean {
    return this.decisionValue !== null;
  }

  get decision(): TriageDecision | null {
    return this.decisionValue;
  }

  get enquiryClosed(): boolean {
    return this.phase === 'closed';
  }

  /** The first decision wins; a repeated or later signal changes nothing (duplicates are ignored). */
  onTriageDecided(signal: TriageDecidedSignal): void {
    if (this.decisionValue !== null) return;
    this.decisionValue = signal.decision;
    this.decisionIdValue = signal.decisionId;
    this.phase = signal.decision === 'section_42_enquiry' ? 'enquiry_open' : 'closed';
  }

  onEnquiryClosed(_signal: EnquiryClosedSignal): void {
    if (this.phase === 'enquiry_open') this.phase = 'closed';
  }

  recordBreach(clockId: string): void {
    this.breached.add(clockId);
  }

  recordRung(clockId: string, rung: number): void {
    this.rungs.push({ clockId, rung });
  }

  get decisionId(): string | null {
    return this.decisionIdValue;
  }

  snapshot(): ConcernWorkflowState {
    return {
      phase: this.phase,
      decision: this.decisionValue,
      breachedClocks: [...this.breached],
      rungsSent: [...this.rungs],
    };
  }
}
