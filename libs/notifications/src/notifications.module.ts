import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { MailDriver } from './mail-driver';
import { NoticeService } from './notice.service';

@Module({
  imports: [PersistenceModule, AuditModule],
  providers: [MailDriver, NoticeService],
  exports: [NoticeService, MailDriver],
})
export class NotificationsModule {}
