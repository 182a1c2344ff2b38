import { Module } from '@nestjs/common';
import { AccessModule, RateLimitModule, VigilThrottlerGuard } from '@vigil/access';
import { AuditModule } from '@vigil/audit';
import { CasesModule } from '@vigil/cases';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { BreakGlassController } from './cases/break-glass.controller';
import { CaseAuditController } from './cases/case-audit.controller';
import { CasesController } from './cases/cases.controller';
import { WebErrorFilter } from './common/error-pages';
import { SignedInGuard } from './common/page-request';
import { DashboardController } from './dashboard/dashboard.controller';
import { ReturnsController } from './returns/returns.controller';
import { HomeController } from './home/home.controller';
import { InfoController } from './info/info.controller';
import { ProvidersController } from './providers/providers.controller';
import { RaiseController, RaiseFlows } from './raise/raise.controller';
import { QueueController } from './queue/queue.controller';
import { TasksController } from './tasks/tasks.controller';
import { WebSessionStore } from './security/session-store.service';
import { OidcController } from './sign-in/oidc.controller';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * Staff pages (GOV.UK Frontend through Nunjucks). Imports everything the pages use, so `main.ts` runs
 * them alone; in `main.dev.ts` the API's imports are the same module instances.
 */
@Module({
  imports: [PersistenceModule, AuditModule, TemporalModule, AccessModule, CasesModule, RateLimitModule],
  controllers: [
    HomeController,
    InfoController,
    SignInController,
    OidcController,
    CasesController,
    CaseAuditController,
    BreakGlassController,
    TasksController,
    QueueController,
    DashboardController,
    ReturnsController,
    ProvidersController,
    // Last: `/:kind/new` must not shadow a more specific page.
    RaiseController,
  ],
  providers: [RaiseFlows, WebSessionStore, VigilThrottlerGuard, SignedInGuard, WebErrorFilter],
})
export class WebModule {}
