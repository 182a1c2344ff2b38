import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { ConfigModule, LoggingModule, type Config, type LogOptions } from '@vigil/config';
import { NotificationsModule } from '@vigil/notifications';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { CaseRecordActivitiesImpl } from './activities/case-record.activities';
import { NoticeActivitiesImpl } from './activities/notice.activities';
import { OutboxRelayService } from './outbox-relay.service';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(config?: Config, options: { log?: LogOptions } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.log),
        PersistenceModule,
        AuditModule,
        NotificationsModule,
        TemporalModule,
      ],
      providers: [CaseRecordActivitiesImpl, NoticeActivitiesImpl, TemporalWorkerService, OutboxRelayService],
    };
  }
}
