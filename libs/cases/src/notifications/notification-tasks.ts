import { Injectable } from '@nestjs/common';
import { AcknowledgeNotificationSchema } from '@vigil/contracts';
import { stepDone, type SchemaInput, type TaskHandler, type TaskHandlerSet } from '../engine/task-handler';
import { NotificationRepository } from './notification.repository';

/** The commissioner acknowledges a notification, which closes it (DOMAIN §4.6). */
@Injectable()
export class NotificationTasks implements TaskHandlerSet {
  constructor(private readonly notifications: NotificationRepository) {}

  readonly handlers = {
    acknowledge_notification: {
      schema: AcknowledgeNotificationSchema,
      complete: async (em, _ctx, c, task) => {
        await this.notifications.acknowledge(em, c.id, new Date());
        return stepDone(task, 'acknowledge_notification');
      },
    } satisfies TaskHandler<SchemaInput<typeof AcknowledgeNotificationSchema>>,
  };
}
