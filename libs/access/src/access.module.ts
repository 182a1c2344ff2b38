import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { AuthService } from './auth.service';
import { OidcService } from './oidc.service';

@Module({
  imports: [PersistenceModule, AuditModule],
  providers: [AuthService, OidcService],
  exports: [AuthService, OidcService],
})
export class AccessModule {}
