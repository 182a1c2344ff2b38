import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type request from 'supertest';
import { buildConcern } from '../factories/concern.factory';
import { Demo, type Stack } from '../support/stack';
import {
  checkInvariants,
  formatResults,
  type InvariantInput,
  type InvariantResult,
  type Probe,
  type Read,
  type Submission,
} from './invariants';

/*
 * Load for the fault suite: a provider lead raising concerns as a careful client would (one
 * Idempotency-Key per concern, retried after a 5xx or no answer) and reading each back, another provider's
 * lead trying to read them and add to them, and the wait for everything to settle before the invariants
 * are checked.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A policy whose clocks fall due within seconds: due 8 s after intake, rungs at +8, +14 and +20 s (as
 * test/support/stack.ts fastPolicy).
 */
export { fastPolicy } from '../support/stack';

/** The last rung of fastPolicy, after intake. */
export const LAST_RUNG_MS = 20_000;

export interface RaiseOptions {
  /** Give up retrying after this long (default 60 s). */
  retryForMs?: number;
  /** Per-attempt client timeout (default 15 s): no answer by then counts as 'no-answer'. */
  timeoutMs?: number;
  /** Reuse a key (a client's retry of the same intake). */
  key?: string;
  /** Stop after the first answer, whatever it is (no retry). */
  once?: boolean;
}

export class FaultDriver {
  readonly submissions: Submission[] = [];
  readonly probes: Probe[] = [];
  readonly reads: Read[] = [];
  private readonly tokens = new Map<string, string>();
  private http: () => ReturnType<typeof request>;
  private readonly nonce = randomUUID().slice(0, 8);
  private readonly bodies = new Map<string, ReturnType<typeof buildConcern>>();
  private n = 0;

  constructor(private readonly stack: Stack) {
    this.http = () => stack.http();
  }

  /** Signs in the raiser and the outsider up front (sign-in itself needs the database). */
  async init(): Promise<this> {
    for (const email of [Demo.sunriseLead, Demo.oakwoodLead]) {
      this.tokens.set(email, await this.stack.token(email));
    }
    return this;
  }

  /** Points the driver at another API (one started against an unreachable Temporal, say). */
  useHttp(http: () => ReturnType<typeof request>): void {
    this.http = http;
  }

  /** A new concern body, unique in this run (the checker finds it by its summary). */
  body(): ReturnType<typeof buildConcern> {
    this.n += 1;
    const base = buildConcern();
    return {
      ...base,
      adultAtRisk: { ...base.adultAtRisk, name: `${base.adultAtRisk.name} ${this.nonce}-${this.n}` },
      summary: `${base.summary} [fault ${this.nonce}-${this.n}]`,
    };
  }

  /** The body a submission was sent with, for a client's retry of it. */
  bodyFor(s: { summary: string }): ReturnType<typeof buildConcern> {
    const body = this.bodies.get(s.summary);
    if (!body) throw new Error(`no body sent with summary ${s.summary}`);
    return body;
  }

  /** Raises one concern, retrying with the same key as a client would; answers what the client saw. */
  async raise(options: RaiseOptions = {}, body = this.body()): Promise<Submission> {
    this.bodies.set(body.summary, body);
    const submission: Submission = {
      key: options.key ?? randomUUID(),
      user: Demo.sunriseLead,
      adultName: body.adultAtRisk.name,
      summary: body.summary,
      outcome: 'unknown',
      answers: [],
      submittedAt: Date.now(),
    };
    this.submissions.push(submission);
    const giveUpAt = Date.now() + (options.retryForMs ?? 60_000);
    for (;;) {
      const status = await this.attempt(submission, body, options.timeoutMs ?? 15_000);
      if (status !== 'no-answer' && status >= 200 && status < 300) {
        submission.outcome = 'created';
        submission.answeredAt = Date.now();
        return submission;
      }
      if (status !== 'no-answer' && status >= 400 && status < 500 && status !== 429) {
        // A 4xx is final; only if every answer was a 4xx is the intake known not to exist.
        if (submission.answers.every((a) => a !== 'no-answer' && a < 500)) submission.outcome = 'refused';
        return submission;
      }
      if (options.once || Date.now() > giveUpAt) return submission;
      await sleep(500);
    }
  }

  private async attempt(
    submission: Submission,
    body: ReturnType<typeof buildConcern>,
    timeoutMs: number,
  ): Promise<number | 'no-answer'> {
    try {
      const res = await this.http()
        .post('/api/v1/concerns')
        .timeout(timeoutMs)
        .set('Authorization', `Bearer ${this.tokens.get(Demo.sunriseLead)}`)
        .set('Idempotency-Key', submission.key)
        .send(body);
      submission.answers.push(res.status);
      if (res.status === 201 || res.status === 200) {
        const created = res.body as { id: string; reference: string };
        submission.caseId = created.id;
        submission.reference = created.reference;
      }
      return res.status;
    } catch {
      submission.answers.push('no-answer');
      return 'no-answer';
    }
  }

  /** Raises `count` concerns one after another, `spacingMs` apart (so their deadlines spread out). */
  async raiseMany(count: number, spacingMs: number, options: RaiseOptions = {}): Promise<Submission[]> {
    const out: Submission[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = Date.now();
      out.push(await this.raise(options));
      const left = spacingMs - (Date.now() - started);
      if (left > 0 && i < count - 1) await sleep(left);
    }
    return out;
  }

  /**
   * Another provider's lead tries to read every case created so far, and to add information to it (a
   * write: it must be refused like the read, and change nothing). The raiser then reads each case back: a
   * read that must be audited.
   */
  async probe(): Promise<void> {
    const outsider = Demo.oakwoodLead;
    const raiser = Demo.sunriseLead;
    for (const s of this.submissions) {
      if (!s.caseId) continue;
      const caseId = s.caseId;
      this.probes.push({
        user: outsider,
        caseId,
        kind: 'read',
        status: await this.answer(() => this.http().get(`/api/v1/cases/${caseId}`), outsider),
      });
      this.probes.push({
        user: outsider,
        caseId,
        kind: 'write',
        status: await this.answer(
          () =>
            this.http()
              .post(`/api/v1/cases/${caseId}/information`)
              .send({ text: `Cross-organisation probe ${this.nonce}` }),
          outsider,
        ),
      });
      this.reads.push({
        user: raiser,
        caseId,
        status: await this.answer(() => this.http().get(`/api/v1/cases/${caseId}`), raiser),
      });
    }
  }

  /** One request as `user`: its status, or 'no-answer' after 15 s. */
  private async answer(
    send: () => ReturnType<ReturnType<typeof request>['get']>,
    user: string,
  ): Promise<number | 'no-answer'> {
    try {
      const res = await send()
        .timeout(15_000)
        .set('Authorization', `Bearer ${this.tokens.get(user)}`);
      return res.status;
    } catch {
      return 'no-answer';
    }
  }

  created(): Submission[] {
    return this.submissions.filter((s) => s.outcome === 'created');
  }

  /**
   * The moment the last ladder within `horizonMs` ends (its last rung), by the clocks stored. Rungs beyond
   * it (a provider concern the early warning opened, due in working days) are not the scenario's to wait for.
   */
  async lastRungAt(horizonMs = 120_000): Promise<number> {
    const [row] = await this.stack.sql<{ last: Date | null }>(
      `select max((r->>'at')::timestamptz) as last from clocks k, jsonb_array_elements(k.rungs) r
        where (r->>'at')::timestamptz < now() + $1 * interval '1 millisecond'`,
      [horizonMs],
    );
    return row.last ? row.last.getTime() : Date.now();
  }

  /**
   * Waits until every ladder has run its course and nothing is left to deliver: no workflow command
   * undelivered, no email pending, every passed rung recorded. Answers how long that took (ms) from now.
   */
  async drain(timeoutMs = 120_000): Promise<{ ms: number; drained: boolean; left: string }> {
    const started = Date.now();
    const lastRung = await this.lastRungAt(timeoutMs);
    let left = '';
    while (Date.now() - started < timeoutMs) {
      if (Date.now() > lastRung + 2_000) {
        const [row] = await this.stack
          .sql<{ commands: number; mails: number; rungs: number; unrecorded: number }>(
            `select (select count(*)::int from workflow_commands where dispatched_at is null) as commands,
                  (select count(*)::int from notification_outbox where status = 'pending') as mails,
                  (select count(*)::int from clocks k, jsonb_array_elements(k.rungs) r
                    where (r->>'at')::timestamptz < now() - interval '2 seconds' and k.met_at is null) as rungs,
                  (select count(*)::int from clocks k, jsonb_array_elements(k.rungs) r
                    where (r->>'at')::timestamptz < now() - interval '2 seconds' and k.met_at is null
                      and not exists (select 1 from case_events e where e.case_id = k.case_id
                        and e.kind = 'clock.escalated' and e.details->>'clock' = k.name
                        and (e.details->>'rung')::int = (r->>'rung')::int))
                  + (select count(*)::int from clocks k
                      where k.state = 'running' and k.due_at < now() - interval '2 seconds') as unrecorded`,
          )
          .catch(() => [{ commands: -1, mails: -1, rungs: -1, unrecorded: -1 }]);
        left = `${row.commands} commands, ${row.mails} emails pending, ${row.unrecorded} of ${row.rungs} passed rungs or deadlines unrecorded`;
        if (row.commands === 0 && row.mails === 0 && row.unrecorded === 0) {
          // A little longer, so any duplicate on its way has arrived before the check.
          await sleep(1_500);
          return { ms: Date.now() - started, drained: true, left: '' };
        }
      }
      await sleep(500);
    }
    return { ms: Date.now() - started, drained: false, left };
  }

  /** The latest any escalation email went out after its rung's moment (ms), from the outbox. */
  async worstEscalationDelay(): Promise<number> {
    const [row] = await this.stack.sql<{ worst: number | null }>(
      `select max(extract(epoch from (o.sent_at - (r->>'at')::timestamptz)) * 1000)::float as worst
         from clocks k cross join jsonb_array_elements(k.rungs) r
         join notification_outbox o on o.case_id = k.case_id and o.step_key = k.name || '#rung-' || (r->>'rung')`,
    );
    return row.worst ?? 0;
  }

  async check(options: Partial<InvariantInput> = {}): Promise<InvariantResult[]> {
    return checkInvariants({
      databaseUrl: this.stack.databaseUrl,
      temporal: await this.stack.temporal(),
      taskQueue: this.stack.config.temporal.taskQueue,
      mails: this.stack.inbox.mails,
      submissions: this.submissions,
      probes: this.probes,
      reads: this.reads,
      ...options,
    });
  }
}

/** Seconds, one decimal. */
export const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Prints the fault's invariants and figures, and keeps them in reports/faults/<name>.json. */
export function report(
  fault: string,
  results: readonly InvariantResult[],
  metrics: Record<string, string> = {},
): void {
  const text = formatResults(fault, results, metrics);
  process.stdout.write(`\n${text}\n`);
  const dir = path.resolve(__dirname, '../../reports/faults');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `${fault.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`),
    JSON.stringify({ fault, at: new Date().toISOString(), metrics, results }, null, 2),
  );
}

/** The failing invariants, for `expect(failing(results)).toEqual([])`: a failure names what broke. */
export function failing(results: readonly InvariantResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.problems.join('; ')}`);
}
