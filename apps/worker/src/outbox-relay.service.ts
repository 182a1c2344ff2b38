import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import { WorkflowCommandDispatcher } from '@vigil/temporal';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Plain polling loop (not an activity) that delivers workflow starts and signals the API stored but
 * could not deliver: after a crash between commit and start, or while Temporal was unreachable.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly dispatcher: WorkflowCommandDispatcher,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const delivered = await this.dispatcher.deliverPending(this.config.outbox.graceMs);
        if (delivered > 0) this.logger.log({ delivered }, 'relayed workflow commands');
      } catch (error) {
        this.logger.warn(
          { err: error instanceof Error ? error.message : 'unknown' },
          'outbox relay sweep failed',
        );
      }
      try {
        await sleep(this.config.outbox.pollMs, undefined, { signal: this.stop.signal });
      } catch {
        // aborted: shutting down
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }
}
