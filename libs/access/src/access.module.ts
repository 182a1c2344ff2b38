import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { AuthService } from './auth.service';

@Module({
  imports: [PersistenceModule, AuditModule],
  providers: [AuthService],
  exports: [AuthService],
})
export class AccessModule {}
