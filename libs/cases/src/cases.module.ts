import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { BreakGlassService } from './break-glass.service';
import { CaseAccess } from './case-access.service';
import { CaseAuditService } from './case-audit.service';
import { CaseQueries } from './case-queries.service';
import { ConcernsService } from './concerns.service';
import { TimescalePolicyService } from './timescale-policy.service';

@Module({
  imports: [PersistenceModule, AuditModule, TemporalModule],
  providers: [
    CaseAccess,
    CaseQueries,
    ConcernsService,
    TimescalePolicyService,
    BreakGlassService,
    CaseAuditService,
  ],
  exports: [CaseQueries, ConcernsService, TimescalePolicyService, BreakGlassService, CaseAuditService],
})
export class CasesModule {}
