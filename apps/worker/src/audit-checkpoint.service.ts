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

/** How soon a failed checkpoint is tried again (sooner than the schedule, so a start-up miss is made good). */
const RETRY_MS = 60_000;

/**
 * Writes an audit checkpoint for every chain as the worker starts, then every AUDIT_CHECKPOINT_MINUTES (as
 * `npm run audit:checkpoint` does), with the owner's connection: the application role can neither read nor
 * write checkpoints. Writing first means a worker restarted more often than the interval still anchors the
 * chains; a write that fails (the database not ready yet) is tried again within a minute.
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
    const intervalMs = this.config.audit.checkpointMinutes * 60_000;
    while (!this.stop.signal.aborted) {
      let written = false;
      try {
        const chains = await writeCheckpoints(this.config.database.url, key);
        this.logger.log({ chains }, 'audit checkpoint written');
        written = true;
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'audit checkpoint failed');
      }
      try {
        await sleep(written ? intervalMs : Math.min(RETRY_MS, intervalMs), undefined, {
          signal: this.stop.signal,
        });
      } catch {
        return; // aborted: shutting down
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }
}
