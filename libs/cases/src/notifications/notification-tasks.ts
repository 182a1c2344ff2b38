import { Injectable } from '@nestjs/common';
import { AcknowledgeNotificationSchema } from '@vigil/contracts';
import type { TaskHandler, TaskHandlerSet } from '../engine/task-handler';
import { NotificationRepository } from './notification.repository';

type Input<S> = S extends { safeParse(v: unknown): { success: true; data: infer T } | { success: false } }
  ? T
  : never;

/** The commissioner acknowledges a notification, which closes it (DOMAIN §4.6). */
@Injectable()
export class NotificationTasks implements TaskHandlerSet {
  constructor(private readonly notifications: NotificationRepository) {}

  readonly handlers = {
    acknowledge_notification: {
      schema: AcknowledgeNotificationSchema,
      complete: async (em, _ctx, c, task) => {
        await this.notifications.acknowledge(em, c.id, new Date());
        const details = { taskType: task.type, taskId: task.id };
        return {
          event: 'acknowledge_notification',
          timeline: { kind: 'task.completed', details },
          audit: { action: 'task.completed', details },
        };
      },
    } satisfies TaskHandler<Input<typeof AcknowledgeNotificationSchema>>,
  };
}
