import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { CasesModule } from '@vigil/cases';
import { ConfigModule, loadConfig, LoggingModule, type Config, type LogOptions } from '@vigil/config';
import { NotificationsModule } from '@vigil/notifications';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { CaseRecordActivitiesImpl } from './activities/case-record.activities';
import { NoticeActivitiesImpl } from './activities/notice.activities';
import { ProviderWatchActivitiesImpl } from './activities/provider-watch.activities';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { OutboxRelayService } from './outbox-relay.service';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(config?: Config, options: { log?: LogOptions } = {}): DynamicModule {
    // The worker is a trusted back-office process that must see every case's clocks and recipients:
    // it connects as the owner (DATABASE_URL), never as the restricted application role (ADR 0010).
    // eslint-disable-next-line no-restricted-properties -- the worker's one reading of the environment
    const base = config ?? loadConfig(process.env);
    const ownConfig: Config = { ...base, database: { ...base.database, appUrl: undefined } };
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(ownConfig),
        LoggingModule.forRoot(options.log),
        PersistenceModule,
        AuditModule,
        NotificationsModule,
        TemporalModule,
        // The early warning opens provider concerns through the case engine (issue 10).
        CasesModule,
      ],
      providers: [
        CaseRecordActivitiesImpl,
        NoticeActivitiesImpl,
        ProviderWatchActivitiesImpl,
        TemporalWorkerService,
        OutboxRelayService,
        AuditCheckpointService,
      ],
    };
  }
}
