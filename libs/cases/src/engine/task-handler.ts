import type { EntityManager } from '@mikro-orm/postgresql';
import type { CloseCase, TaskType } from '@vigil/contracts';
import type { TaskRow } from '@vigil/persistence';
import type { AccessibleCase, RequestContext } from '../case-access.service';
import type { CaseChange } from './case-change';

/** What a payload schema parses to (the input a handler receives). */
export type SchemaInput<S> = S extends {
  safeParse(v: unknown): { success: true; data: infer T } | { success: false };
}
  ? T
  : never;

/** The timeline entry and audit row of a completed step; `extra` holds enums only, never narrative. */
export function stepDone(task: TaskRow, event: string, extra: Record<string, unknown> = {}): CaseChange {
  const details = { taskType: task.type, taskId: task.id, ...extra };
  return {
    event,
    timeline: { kind: 'task.completed', details },
    audit: { action: 'task.completed', details },
  };
}

/** A schema-like value: what `parseOrThrow` needs (any zod schema). */
export interface PayloadSchema<T> {
  safeParse(
    v: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * How one task type completes: its payload schema, and the change it makes. The generic route checks scope,
 * role (from the registry), the payload, the task's state and If-Match before calling `complete`.
 */
export interface TaskHandler<T = never> {
  schema: PayloadSchema<T>;
  complete(
    em: EntityManager,
    ctx: RequestContext,
    c: AccessibleCase,
    task: TaskRow,
    input: T,
  ): Promise<CaseChange & { commandIds?: string[] }>;
}

export type TaskHandlerMap = Partial<Record<TaskType, TaskHandler<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Each case type's module provides one of these; the completion service merges them. */
export interface TaskHandlerSet {
  readonly handlers: TaskHandlerMap;
}

/**
 * A manual transition (withdraw, merge) of a case type: its payload schema and the change it makes. The
 * route checks scope, the registry's actors for the event, and the payload first.
 */
export interface TransitionHandler<T = never> {
  schema: PayloadSchema<T>;
  apply(
    em: EntityManager,
    ctx: RequestContext,
    c: AccessibleCase,
    input: T,
  ): Promise<CaseChange & { commandIds?: string[] }>;
}

export interface TransitionHandlerSet {
  /** Keyed by `<case type>:<event>`. */
  readonly transitions: Record<string, TransitionHandler<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * How `POST /cases/:id/close` closes a type that the registry lets close so: it records the outcome and
 * rationale in the type's own table and describes the change (the route has checked scope, the registry's
 * closers, the body, the outcome and the open tasks first).
 */
export interface CloseHandler {
  close(
    em: EntityManager,
    ctx: RequestContext,
    c: AccessibleCase,
    input: CloseCase,
  ): Promise<CaseChange & { commandIds?: string[] }>;
}

export interface CloseHandlerSet {
  /** Keyed by case type. */
  readonly closers: Partial<Record<string, CloseHandler>>;
}

export const TASK_HANDLER_SETS = Symbol('TASK_HANDLER_SETS');
export const CLOSE_HANDLER_SETS = Symbol('CLOSE_HANDLER_SETS');
export const TRANSITION_HANDLER_SETS = Symbol('TRANSITION_HANDLER_SETS');
