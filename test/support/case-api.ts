import { expect } from '@jest/globals';
import type { Stack } from './stack';

/** The parts of a case view the API tests read. */
export interface TaskBody {
  id: string;
  type: string;
  status: string;
  assignedRole: string;
  dueAt: string | null;
  submission: Record<string, unknown> | null;
}
export interface CaseBody<D = Record<string, unknown>> {
  id: string;
  type: string;
  reference: string;
  status: string;
  version: number;
  tasks: TaskBody[];
  clocks: { id: string; name: string; state: string; dueAt: string }[];
  links: { type: string; id: string; reference: string }[];
  timeline: { kind: string; details: Record<string, unknown> }[];
  details: D;
  /** A refusal's field errors (problem+json). */
  errors?: { pointer: string; detail: string }[];
}

/**
 * The API as each demo user, for the case-type tests: signed-in requests, reading a case, finding its open
 * task of a type, and completing it with an expected status (the body is shown when the status differs).
 */
export class CaseApi {
  private readonly tokens: Record<string, string> = {};

  constructor(private readonly stack: Stack) {}

  async signIn(emails: readonly string[]): Promise<this> {
    for (const email of emails) this.tokens[email] = await this.stack.token(email);
    return this;
  }

  as(email: string) {
    const token = this.tokens[email];
    return {
      get: (path: string) => this.stack.http().get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: object) =>
        this.stack.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    };
  }

  async read<D = Record<string, unknown>>(email: string, id: string): Promise<CaseBody<D>> {
    const res = await this.as(email).get(`/api/v1/cases/${id}`);
    expect(res.status).toBe(200);
    return res.body as CaseBody<D>;
  }

  openTask(c: CaseBody<unknown>, type: string): TaskBody {
    const task = c.tasks.find((t) => t.type === type && t.status === 'open');
    if (!task) throw new Error(`no open ${type} task on ${c.reference}`);
    return task;
  }

  async complete<D = Record<string, unknown>>(
    email: string,
    c: CaseBody<unknown>,
    type: string,
    body: object,
    expected = 200,
  ): Promise<CaseBody<D>> {
    const res = await this.as(email).post(
      `/api/v1/cases/${c.id}/tasks/${this.openTask(c, type).id}/complete`,
      body,
    );
    expect({ type, status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      type,
      status: expected,
      body: null,
    });
    return res.body as CaseBody<D>;
  }
}
