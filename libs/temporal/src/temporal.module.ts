import { Module } from '@nestjs/common';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalConnection } from './temporal-connection.service';
import { WorkflowCommandDispatcher } from './workflow-commands';

@Module({
  imports: [PersistenceModule],
  providers: [TemporalConnection, WorkflowCommandDispatcher],
  exports: [TemporalConnection, WorkflowCommandDispatcher],
})
export class TemporalModule {}
