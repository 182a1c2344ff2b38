import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { checkpointKey, writeCheckpoints } from '@vigil/audit';
import { AppConfig, repositoryRoot } from '@vigil/config';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Writes an audit checkpoint for every chain every AUDIT_CHECKPOINT_MINUTES (as `npm run audit:checkpoint`
 * does), with the owner's connection: the application role can neither read nor write checkpoints.
 */
@Injectable()
export class AuditCheckpointService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const key = checkpointKey({
      key: this.config.audit.checkpointKey,
      dataDir: path.resolve(repositoryRoot(), this.config.dataDir),
      create: this.config.env !== 'production',
    });
    if (!key) {
      this.logger.error('no audit checkpoint key: checkpoints are not being written');
      return;
    }
    while (!this.stop.signal.aborted) {
      try {
        await sleep(this.config.audit.checkpointMinutes * 60_000, undefined, { signal: this.stop.signal });
      } catch {
        return; // aborted: shutting down
      }
      try {
        const chains = await writeCheckpoints(this.config.database.url, key);
        this.logger.log({ chains }, 'audit checkpoint written');
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'audit checkpoint failed');
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }
}
