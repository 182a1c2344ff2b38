import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { CaseAccess } from './case-access.service';
import { CaseQueries } from './case-queries.service';
import { ConcernsService } from './concerns.service';
import { TimescalePolicyService } from './timescale-policy.service';

@Module({
  imports: [PersistenceModule, AuditModule, TemporalModule],
  providers: [CaseAccess, CaseQueries, ConcernsService, TimescalePolicyService],
  exports: [CaseQueries, ConcernsService, TimescalePolicyService],
})
export class CasesModule {}
