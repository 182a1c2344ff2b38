import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccessModule, RateLimitModule, VigilThrottlerGuard } from '@vigil/access';
import { CasesModule } from '@vigil/cases';
import { ConfigModule, LoggingModule, type Config, type LogOptions } from '@vigil/config';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { createZodValidationPipe } from 'nestjs-zod';
import { AuthController } from './auth/auth.controller';
import { CaseAccessController } from './cases/case-access.controller';
import { CasesController } from './cases/cases.controller';
import { BearerAuthGuard } from './common/bearer-auth.guard';
import { ProblemFilter, zodProblem } from './common/problem';
import { ConcernsController } from './concerns/concerns.controller';
import { EnquiriesController } from './enquiries/enquiries.controller';
import { AllegationsController } from './allegations/allegations.controller';
import { ComplaintsController } from './complaints/complaints.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { ProviderConcernsController } from './provider-concerns/provider-concerns.controller';
import { HealthController } from './health/health.controller';

const ValidationPipe = createZodValidationPipe({ createValidationException: zodProblem });

/** The JSON API. Without `config`, the environment is parsed once here. */
@Module({})
export class ApiModule {
  static forRoot(
    config?: Config,
    options: { withInfrastructure?: boolean; log?: LogOptions } = {},
  ): DynamicModule {
    const infrastructure =
      options.withInfrastructure === false
        ? []
        : [ConfigModule.forRoot(config), LoggingModule.forRoot(options.log)];
    return {
      module: ApiModule,
      imports: [
        ...infrastructure,
        RateLimitModule,
        PersistenceModule,
        TemporalModule,
        AccessModule,
        CasesModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        ConcernsController,
        EnquiriesController,
        AllegationsController,
        ComplaintsController,
        NotificationsController,
        IncidentsController,
        ProviderConcernsController,
        CasesController,
        CaseAccessController,
      ],
      providers: [
        BearerAuthGuard,
        VigilThrottlerGuard,
        { provide: APP_PIPE, useClass: ValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
