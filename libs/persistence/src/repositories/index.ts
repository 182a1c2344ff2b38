export * from './case.repository';
export * from './task.repository';
export * from './clock.repository';
export * from './timeline.repository';
export * from './workflow-command.repository';
export * from './case-link.repository';
export * from './form-draft.repository';
export * from './case-note.repository';

import { CaseLinkRepository } from './case-link.repository';
import { CaseNoteRepository } from './case-note.repository';
import { FormDraftRepository } from './form-draft.repository';
import { CaseRepository } from './case.repository';
import { ClockRepository } from './clock.repository';
import { TaskRepository } from './task.repository';
import { TimelineRepository } from './timeline.repository';
import { WorkflowCommandRepository } from './workflow-command.repository';

/** Every repository of the shared case tables, as Nest providers. */
export const CaseTableRepositories = [
  CaseRepository,
  TaskRepository,
  ClockRepository,
  TimelineRepository,
  WorkflowCommandRepository,
  CaseLinkRepository,
  CaseNoteRepository,
  FormDraftRepository,
];
